namespace MatAssistant.Cli;

/// <summary>Where the shipped assets and the user's working data live (DESIGN.md §3).</summary>
internal static class AppPaths
{
    /// <summary>The directory holding the executable, with corpus/, prompts/ and models/ copied beside it.</summary>
    public static string AssetRoot => AppContext.BaseDirectory;

    public static string Models => Path.Combine(AssetRoot, "models");

    public static string Corpus => Path.Combine(AssetRoot, "corpus");

    public static string Prompts => Path.Combine(AssetRoot, "prompts");

    /// <summary><c>--data-dir</c>, else <c>.matassist/</c> in the current directory.</summary>
    public static string DataDir(string? option) => Path.GetFullPath(option ?? ".matassist");

    /// <summary>The use cases' view of these paths, with <paramref name="surrogates"/> (<c>--models</c>) overriding where the property models are read.</summary>
    public static MatAssistant.Application.WorkspaceOptions Workspace(System.CommandLine.ParseResult parse, string? surrogates = null) =>
        new(Models, Path.Combine(Corpus, "literature"), DataDir(parse.GetValue(CommonOptions.DataDir)), SurrogateDirectoryOverride: surrogates);
}
