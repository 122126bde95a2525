package shop.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class CallerTest {
  static final Set<String> TILL = Set.of(Roles.STAFF, Roles.MANAGER);

  @Test
  void staffActOnlyAtTheirLocations() {
    Caller staff = new Caller("till-1", Set.of(Roles.STAFF), Set.of("bar-central"));

    assertThat(staff.mayActAt("bar-central", TILL)).isTrue();
    assertThat(staff.mayActAt("bar-harbour", TILL)).isFalse();
    assertThat(staff.mayActAt("bar-central", Set.of(Roles.MANAGER))).isFalse();
  }

  @Test
  void aLocationInTheClaimIsNotEnoughWithoutTheRole() {
    Caller customer = new Caller("kim", Set.of(Roles.CUSTOMER), Set.of("bar-central"));

    assertThat(customer.mayActAt("bar-central", TILL)).isFalse();
  }

  @Test
  void adminsActEverywhere() {
    Caller admin = new Caller("admin-1", Set.of(Roles.ADMIN), Set.of());

    assertThat(admin.mayActAt("anywhere", Set.of(Roles.MANAGER))).isTrue();
  }

  @Test
  void anIdempotencyKeyIsScopedToTheSubjectAndAnonymousCallersHaveNoScope() {
    Caller alice = new Caller("alice", Set.of(Roles.CUSTOMER), Set.of());

    assertThat(alice.scope("k-1")).isEqualTo("sub:alice k-1");
    assertThat(alice.scope(null)).isNull();
    assertThat(Caller.ANONYMOUS.scope("k-1")).isNull();
  }
}
