namespace Certus.Reach.Flow;

/// <summary>How <see cref="IntervalTaylorFlow"/> chooses its steps inside a period.</summary>
public enum StepSizeControl
{
    /// <summary>
    /// <see cref="IntervalTaylorFlow.Steps"/> equal steps per period; a step whose a-priori enclosure cannot be validated
    /// is halved (and the following ones grow back to the nominal length).
    /// </summary>
    Fixed,

    /// <summary>
    /// Steps start at the period over <see cref="IntervalTaylorFlow.Steps"/>; a step is accepted when the width of its
    /// Taylor remainder is at most <see cref="IntervalTaylorFlow.RemainderTolerance"/> (or it is already at the minimum
    /// step), otherwise halved; the next step is scaled by <c>0.9 (tolerance / remainder)^(1/K)</c>, between ¼ and 2.
    /// </summary>
    Adaptive,
}
