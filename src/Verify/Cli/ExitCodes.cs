namespace Certus.Verify.Cli;

/// <summary>Process exit codes shared by every verb, so that CI scripts can branch on them.</summary>
public static class ExitCodes
{
    /// <summary>Success; for <c>certify</c>: every property is proved (SAFE).</summary>
    public const int Ok = 0;

    /// <summary>A property is violated by a confirmed counterexample (UNSAFE), or a test failed.</summary>
    public const int Violated = 1;

    /// <summary>Nothing could be decided within the budget (UNKNOWN).</summary>
    public const int Unknown = 2;

    /// <summary>Bad input (malformed spec or network file, unknown option) or an internal error.</summary>
    public const int BadInput = 3;
}
