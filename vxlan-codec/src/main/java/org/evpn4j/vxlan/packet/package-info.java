/**
 * Header views and encoders. Each class is a flyweight view without the object: static accessors
 * read fields straight out of a {@link io.netty.buffer.ByteBuf} at an offset (absolute gets: the
 * buffer's indexes are not moved, nothing is copied or allocated), the caller having checked the
 * length; static {@code write} methods append the header to a buffer. {@link
 * org.evpn4j.vxlan.packet.VxlanFrameBuilder} composes them into whole test frames.
 */
package org.evpn4j.vxlan.packet;
