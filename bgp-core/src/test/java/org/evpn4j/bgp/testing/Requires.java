package org.evpn4j.bgp.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test policy for tests that need root or an outside program, in one place: a test class (or
 * method) annotated {@code @Requires({Tool.ROOT, Tool.GOBGPD})} runs when every tool is there.
 * When one is missing it is skipped with one console line naming what is missing
 * ({@code evpn4j tests: skipping GoBgpInteropTest (needs gobgpd: not found on PATH)}), except in
 * CI ({@code CI=true}), where it fails with an {@link AssertionError} naming the tool, so CI can
 * never pass by skipping.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RequiresCondition.class)
public @interface Requires {
  /** What the test needs. */
  Tool[] value();
}
