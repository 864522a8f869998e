namespace MatAssistant.Literature.Tests;

/// <summary>The shipped corpus, copied beside the test assembly.</summary>
internal static class Corpus
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "corpus", "literature");

    public static string PathOf(string prefix) => System.IO.Directory.GetFiles(Directory, prefix + "_*").Single();

    public static ParsedDocument Read(string prefix) => DocumentReader.Read(PathOf(prefix));
}

/// <summary>The shared development set (../shared/eval beside the repository), when this machine has it.</summary>
internal static class SharedEval
{
    public static string? DevSet()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "eval", "literature_dev.jsonl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
