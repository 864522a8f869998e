using System.CommandLine;

namespace MatAssistant.Cli;

/// <summary>Options every command shares.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write exactly one JSON document (snake_case keys) to stdout; progress and logs go to stderr.",
        Recursive = true,
    };

    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Where the index and caches live (default: .matassist/ in the current directory).",
        Recursive = true,
    };
}
