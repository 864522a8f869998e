namespace MatAssistant.Chemistry;

/// <summary>
/// Finds the shared data sets (DESIGN.md §1), which never ship with the product: an explicit path, else
/// <c>MATASSIST_DATA</c>, else <c>shared/data</c> beside the repository root — the folder holding <c>MatAssistant.sln</c>,
/// found above the current directory or the executable. Nothing else: a stray <c>shared/data</c> higher up is not
/// picked silently. Training, evaluation, tests and benchmarks read through here; the product's main job never does.
/// </summary>
public static class SharedDataLocator
{
    /// <summary>The environment variable that overrides the default location.</summary>
    public const string Variable = "MATASSIST_DATA";

    /// <summary>The file the repository root is recognised by.</summary>
    public const string SolutionFile = "MatAssistant.sln";

    /// <summary>The data directory, or null when none is found (then <see cref="Explain"/> says where it looked).</summary>
    public static string? TryFindDataDirectory(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Directory.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        }

        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        }

        return RepositoryRoot() is { } root && Path.Combine(root, "..", "shared", "data") is var beside && Directory.Exists(beside)
            ? Path.GetFullPath(beside)
            : null;
    }

    /// <summary>The shared folder beside the repository (<c>../shared</c>: data, eval, corpus), or null.</summary>
    public static string? TryFindSharedDirectory()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(fromEnvironment));
            return parent is not null && Directory.Exists(parent) ? parent : null;
        }

        return RepositoryRoot() is { } root && Path.Combine(root, "..", "shared") is var beside && Directory.Exists(beside)
            ? Path.GetFullPath(beside)
            : null;
    }

    /// <summary>The data directory; throws <see cref="DirectoryNotFoundException"/> saying what to do when none is found.</summary>
    public static string FindDataDirectory(string? explicitPath = null) =>
        TryFindDataDirectory(explicitPath) ?? throw new DirectoryNotFoundException(Explain(explicitPath));

    /// <summary>Why no data directory was found, in one line.</summary>
    public static string Explain(string? explicitPath = null) =>
        !string.IsNullOrWhiteSpace(explicitPath)
            ? $"The data directory '{explicitPath}' does not exist."
            : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment
                ? $"{Variable} points to '{fromEnvironment}', which does not exist."
                : "The shared data directory was not found: pass --data DIR or set MATASSIST_DATA (default: ../shared/data beside the repository root).";

    /// <summary>The first folder holding <see cref="SolutionFile"/> above the current directory or the executable, or null.</summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
