namespace MatAssistant.Chemistry.Tests;

/// <summary>Finds ../shared/data (present beside the repository in CI and on developer machines), or MATASSIST_DATA.</summary>
internal static class SharedData
{
    public static string Directory { get; } = Locate();

    public static string Smact(string file) => Path.Combine(Directory, "smact", file);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("MATASSIST_DATA") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/data not found beside the repository; set MATASSIST_DATA.");
    }
}
