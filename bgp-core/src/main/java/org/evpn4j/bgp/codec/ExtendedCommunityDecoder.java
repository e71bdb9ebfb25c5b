package org.evpn4j.bgp.codec;

import org.evpn4j.bgp.message.ExtendedCommunity;

/**
 * Turns the 8 octets of an extended community of one registered (type, subtype) into a typed
 * value. Every 8-octet value must yield a community whose {@link ExtendedCommunity#raw()} equals
 * the input (byte-exact round trip); a decoder never throws.
 */
@FunctionalInterface
public interface ExtendedCommunityDecoder {
  ExtendedCommunity decode(long raw);
}
