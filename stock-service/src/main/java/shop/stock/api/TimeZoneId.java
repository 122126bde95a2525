package shop.stock.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.DateTimeException;
import java.time.ZoneId;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An IANA time zone id that this JVM knows ({@code Europe/Paris}); null passes (the field is optional). */
@Documented
@Constraint(validatedBy = TimeZoneId.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface TimeZoneId {
  String message() default "must be an IANA time zone such as Europe/Paris";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Region ids only: {@code Europe/Paris} or {@code UTC}, not an offset such as {@code +02:00}. */
  class Validator implements ConstraintValidator<TimeZoneId, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      try {
        return ZoneId.getAvailableZoneIds().contains(value) && ZoneId.of(value) != null;
      } catch (DateTimeException e) {
        return false;
      }
    }
  }
}
