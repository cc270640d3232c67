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

/** A height in m: more than 0, at most 150 (the same rule as the database's CHECK). */
@DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
@DecimalMax(value = "150", message = "must be at most 150")
@Constraint(validatedBy = {})
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, ANNOTATION_TYPE})
public @interface HeightM {

  String message() default "must be more than 0 and at most 150";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
