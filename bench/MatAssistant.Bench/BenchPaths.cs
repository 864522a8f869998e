namespace MatAssistant.Bench;

/// <summary>Locates the shared data sets (DESIGN.md §1): --data DIR, else MATASSIST_DATA, else ../shared/data beside the repository.</summary>
internal static class BenchPaths
{
    public static string DataDirectory(string? explicitPath) => MatAssistant.Chemistry.SharedDataLocator.FindDataDirectory(explicitPath);

    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
