namespace Certus.Sim.Integration;

/// <summary>Work counters of an integrator, cumulative since it was made or last reset.</summary>
/// <param name="AcceptedSteps">Steps that were kept.</param>
/// <param name="RejectedSteps">Steps that failed the error test and were retried with a smaller step (always 0 for fixed-step methods).</param>
/// <param name="Evaluations">Calls of the vector field.</param>
public readonly record struct IntegrationStatistics(long AcceptedSteps, long RejectedSteps, long Evaluations);
