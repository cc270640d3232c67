package io.treenetra.platform.validation;

import io.treenetra.platform.web.ApiException;
import io.treenetra.platform.web.FieldError;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.ElementType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bean Validation of request records, reported by JSON path ({@code location.lat}, {@code tags}),
 * together with the type errors found while reading the JSON: one response, every bad field once.
 */
@ApplicationScoped
public class RequestValidator {

  /**
   * Request records are plain values, never entities with lazily loaded state: every property is
   * there to validate. The container's default resolver asks JPA whether each property of each
   * object is loaded, which was a quarter of an import's parsing thread.
   */
  private static final TraversableResolver PLAIN_VALUES =
      new TraversableResolver() {
        @Override
        public boolean isReachable(
            Object bean, Path.Node property, Class<?> rootType, Path path, ElementType type) {
          return true;
        }

        @Override
        public boolean isCascadable(
            Object bean, Path.Node property, Class<?> rootType, Path path, ElementType type) {
          return true;
        }
      };

  @Inject ValidatorFactory factory;
  private Validator validator;

  @PostConstruct
  void plainValues() {
    validator = factory.usingContext().traversableResolver(PLAIN_VALUES).getValidator();
  }

  public void check(Object request, List<FieldError> typeErrors) {
    List<FieldError> errors = new ArrayList<>(typeErrors);
    List<FieldError> violations = new ArrayList<>();
    for (ConstraintViolation<Object> violation : validator.validate(request)) {
      violations.add(new FieldError(field(violation.getPropertyPath()), violation.getMessage()));
    }
    violations.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
    for (FieldError violation : violations) {
      if (errors.stream().noneMatch(e -> e.field().equals(violation.field()))) {
        errors.add(violation);
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }

  /**
   * {@code tags[3].<list element>} is reported as {@code tags}: the client's field, not our model.
   */
  private static String field(Path path) {
    StringBuilder field = new StringBuilder();
    for (Path.Node node : path) {
      if (node.getName() == null || node.getName().startsWith("<")) {
        continue;
      }
      if (field.length() > 0) {
        field.append('.');
      }
      field.append(node.getName());
    }
    return field.toString();
  }
}
