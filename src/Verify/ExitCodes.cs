namespace Certus.Verify;

/// <summary>Process exit codes shared by every verb, so that CI scripts can branch on them.</summary>
public static class ExitCodes
{
    /// <summary>Success; for <c>certify</c>: every property is proved (SAFE).</summary>
    public const int Ok = 0;

    /// <summary>A property is violated by a confirmed counterexample (UNSAFE), or a test failed.</summary>
    public const int Violated = 1;

    /// <summary>Nothing could be decided within the budget (UNKNOWN).</summary>
    public const int Unknown = 2;

    /// <summary>Bad input (malformed spec or network file, unreadable or special file, unknown option); the message names the file and place.</summary>
    public const int BadInput = 3;

    /// <summary>An internal error (a bug in certus): a short message, the details in a file or, with <c>CERTUS_DEBUG=1</c>, on stderr.</summary>
    public const int InternalError = 4;

    /// <summary>The line that <c>--help</c> texts show.</summary>
    public const string Summary = "Exit codes: 0 safe/ok, 1 unsafe/failed, 2 unknown, 3 bad input, 4 internal error.";
}
