namespace Certus.Verify.Reports;

/// <summary>Options of a certification report (<see cref="ReportWriter"/>): image size, simulations, drawing budget.</summary>
public sealed record ReportOptions
{
    /// <summary>Width of every PNG (and SVG) in pixels (default 1200; 200 to 10000).</summary>
    public int Width { get; init; } = 1200;

    /// <summary>Height of every PNG (and SVG) in pixels (default 800; 200 to 10000).</summary>
    public int Height { get; init; } = 800;

    /// <summary>Simulated trajectories drawn in the plots (default 50; 0 to 10000), from random points of the spec's
    /// inner initial set (the doubles inside the written set) or, when it has none, of the initial set.</summary>
    public int Simulations { get; init; } = 50;

    /// <summary>Further simulations (only their final states are kept) for the hull of simulated final states that the
    /// report compares with the reach set's final set (default 1000; 0 to 10⁶). The corners of the initial set are added
    /// when it has at most 10 dimensions.</summary>
    public int HullSimulations { get; init; } = 1000;

    /// <summary>Seed of the random initial states and disturbances (default 1): the same seed gives the same report.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Most tube rectangles drawn per plot (default 20000; at least 100). Beyond it the tube segments are merged by
    /// hull: per time slice and per group of neighbouring cells, so the picture still encloses every segment.
    /// </summary>
    public int MaxRectangles { get; init; } = 20_000;

    /// <summary>Rows of the counterexample's trace table (default 12; 2 to 1000); the row where the margin is smallest is always added.</summary>
    public int TraceRows { get; init; } = 12;

    /// <summary>The certification run's options by command-line name (shown in the report's header; null values are left out).</summary>
    public IReadOnlyDictionary<string, string?> RunOptions { get; init; } = new Dictionary<string, string?>();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        static void Range(int value, int lo, int hi, string name)
        {
            if (value < lo || value > hi)
            {
                throw new ArgumentException($"ReportOptions.{name} must be in [{lo}, {hi}], got {value}.", name);
            }
        }

        Range(Width, 200, 10_000, nameof(Width));
        Range(Height, 200, 10_000, nameof(Height));
        Range(Simulations, 0, 10_000, nameof(Simulations));
        Range(HullSimulations, 0, 1_000_000, nameof(HullSimulations));
        Range(MaxRectangles, 100, 10_000_000, nameof(MaxRectangles));
        Range(TraceRows, 2, 1000, nameof(TraceRows));
    }
}
