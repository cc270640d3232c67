package io.treenetra.platform.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A trunk diameter at breast height in cm: more than 0, at most 1500 (the same rule as the
 * database's CHECK).
 */
@DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
@DecimalMax(value = "1500", message = "must be at most 1500")
@Constraint(validatedBy = {})
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, ANNOTATION_TYPE})
public @interface DbhCm {

  String message() default "must be more than 0 and at most 1500";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
