using Certus.Core.Systems;

namespace Certus.Testing;

/// <summary>What one simulated case says about a suite's properties.</summary>
/// <param name="Passed">Whether every property holds along the simulated trajectory (at every stored point).</param>
/// <param name="PropertyIndex">The first violated property's index in <see cref="ControllerSuite.Properties"/>, or −1.</param>
/// <param name="Property">The first violated property, or <c>null</c>.</param>
/// <param name="Margin">Its margin along the run (smallest for <c>always</c>/<c>avoid</c>/<c>at_end</c>, largest inside the
/// window for <c>eventually</c>), negative when violated; the smallest margin over every property when passed.</param>
/// <param name="Time">When that margin is attained (seconds).</param>
/// <param name="FirstViolationTime">For a violation: the first time the property is seen violated (for <c>eventually</c>, the end of its window).</param>
/// <param name="FailingPeriods">For a violation: the fewest control periods whose simulation still shows it (the period of
/// the first violation; the spec's horizon for <c>at_end</c>); <c>null</c> when passed.</param>
/// <param name="ViolatedProperties">The indices of every violated property, ascending (empty when passed).</param>
public sealed record CaseOutcome(bool Passed, int PropertyIndex, StateProperty? Property, double Margin, double Time, double FirstViolationTime, int? FailingPeriods, IReadOnlyList<int> ViolatedProperties);
