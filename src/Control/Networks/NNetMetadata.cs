namespace Certus.Control.Networks;

/// <summary>
/// What an NNet file says beyond the network function: the input bounds that the format's reference evaluator clips
/// inputs to. <see cref="NNetText"/> does not clip (the network is the function on all inputs); a caller that wants the
/// NNet convention clips with these bounds itself.
/// </summary>
/// <param name="InputMinimums">The per-input lower bounds, or null when the file holds a <c>0</c> placeholder line.</param>
/// <param name="InputMaximums">The per-input upper bounds, or null when the file holds a <c>0</c> placeholder line.</param>
/// <param name="HasPlaceholderNormalization">Whether any of the four normalisation lines (minimums, maximums, means,
/// ranges) was a single <c>0</c> placeholder instead of one value per input, as in the ARCH-COMP single pendulum file.</param>
/// <param name="ReplacedZeroRanges">Whether a range of 0 was read as 1 (no scaling), for an input or for the output.</param>
public sealed record NNetMetadata(
    IReadOnlyList<double>? InputMinimums,
    IReadOnlyList<double>? InputMaximums,
    bool HasPlaceholderNormalization,
    bool ReplacedZeroRanges);
