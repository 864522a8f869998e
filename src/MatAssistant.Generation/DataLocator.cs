namespace MatAssistant.Generation;

/// <summary>
/// Finds the shared data sets (DESIGN.md §1): an explicit path, else <c>MATASSIST_DATA</c>, else <c>shared/data</c> in the
/// current directory's or the executable's ancestors (<c>../shared/data</c> beside the repository root).
/// </summary>
public static class DataLocator
{
    /// <summary>The file name of the Materials Project reduced-formula set the generator trains on.</summary>
    public const string TrainingFileName = "mp_e_form_reduced.csv";

    /// <summary>The data directory, or null when none is found.</summary>
    public static string? TryFindDataDirectory(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Directory.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : null;
        }

        if (Environment.GetEnvironmentVariable("MATASSIST_DATA") is { Length: > 0 } fromEnvironment)
        {
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The data directory; throws <see cref="DirectoryNotFoundException"/> with what to do when none is found.</summary>
    public static string FindDataDirectory(string? explicitPath = null) =>
        TryFindDataDirectory(explicitPath) ?? throw new DirectoryNotFoundException(
            explicitPath is null
                ? "The data directory was not found: pass --data DIR or set MATASSIST_DATA (default ../shared/data beside the repository)."
                : $"The data directory '{explicitPath}' does not exist.");
}
