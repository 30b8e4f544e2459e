package dev.sift.service.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem types an endpoint answers besides those every endpoint of its kind can (a missing
 * key, a malformed body, an invalid tenant name: see {@link ProblemResponses}). They are documented
 * in the OpenAPI description as {@code application/problem+json} responses, one per status, naming
 * each type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Problems {

  ProblemType[] value();
}
