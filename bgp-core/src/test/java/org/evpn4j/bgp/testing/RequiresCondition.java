package org.evpn4j.bgp.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 condition behind {@link Requires}: enabled when every tool named is there;
 * otherwise disabled with one console line outside CI, and an {@link AssertionError} naming the
 * missing tools in CI ({@code CI=true}).
 */
public final class RequiresCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    Optional<Requires> requires = element.flatMap(e -> AnnotationSupport.findAnnotation(e, Requires.class));
    if (requires.isEmpty()) {
      return ConditionEvaluationResult.enabled("no @Requires");
    }
    String missing = missing(requires.get().value());
    if (missing == null) {
      return ConditionEvaluationResult.enabled("has everything it requires");
    }
    String what = context.getTestMethod()
        .map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName())
        .orElseGet(() -> context.getTestClass().map(Class::getSimpleName).orElse(context.getDisplayName()));
    if (inCi()) {
      throw new AssertionError("evpn4j tests: CI (CI=true) must run " + what + ", but it needs " + missing);
    }
    String line = "evpn4j tests: skipping " + what + " (needs " + missing + ")";
    System.out.println(line);
    return ConditionEvaluationResult.disabled(line);
  }

  /** Null when every tool is there; otherwise {@code "gobgpd: not found on PATH; root: ..."}. */
  static String missing(Tool... tools) {
    List<String> missing = new ArrayList<>();
    for (Tool tool : tools) {
      String why = tool.missing();
      if (why != null) {
        missing.add(tool.displayName() + ": " + why);
      }
    }
    return missing.isEmpty() ? null : String.join("; ", missing);
  }

  /** Whether this is a CI run ({@code CI=true}), which must run every test. */
  static boolean inCi() {
    return "true".equals(System.getenv("CI"));
  }
}
