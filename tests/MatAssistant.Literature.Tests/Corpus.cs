namespace MatAssistant.Literature.Tests;

/// <summary>The shipped corpus, copied beside the test assembly.</summary>
internal static class Corpus
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "corpus", "literature");

    public static string PathOf(string prefix) => System.IO.Directory.GetFiles(Directory, prefix + "_*").Single();

    public static ParsedDocument Read(string prefix) => DocumentReader.Read(PathOf(prefix));
}
