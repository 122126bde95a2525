package shop.platform.problem;

import shop.platform.Refusal;

/** A service's one table from its refusal codes to HTTP statuses (a bean; {@link ProblemMappers} uses it). */
@FunctionalInterface
public interface RefusalStatuses {
  int status(Refusal.Code code);
}
