namespace MatAssistant.Bench;

/// <summary>Locates the shared data sets (DESIGN.md §1): --data DIR, else MATASSIST_DATA, else ../shared/data beside the repository.</summary>
internal static class BenchPaths
{
    public static string DataDirectory(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return explicitPath;
        }

        if (Environment.GetEnvironmentVariable("MATASSIST_DATA") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("The shared data directory was not found: pass --data DIR or set MATASSIST_DATA.");
    }

    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
