namespace MatAssistant.Cli;

/// <summary>The process exit codes of DESIGN.md §3.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int Usage = 2;
}
