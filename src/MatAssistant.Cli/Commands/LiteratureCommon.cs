using System.CommandLine;
using System.Globalization;
using MatAssistant.Application.Literature;
using MatAssistant.Literature;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary>What the literature commands (ingest, search, eval) share: the corpus option, progress on stderr, opening the index.</summary>
internal static class LiteratureCommon
{
    public static Option<string?> CreateCorpusOption() => new("--corpus")
    {
        Description = "Directory (or file) of documents to index (default: corpus/literature beside matassist).",
    };

    /// <summary>The sources to index: <c>--corpus</c> if given, else the shipped corpus; a missing directory is a usage error.</summary>
    public static IReadOnlyList<string> Sources(string? corpus)
    {
        var path = Path.GetFullPath(corpus ?? Path.Combine(AppPaths.Corpus, "literature"));
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new UsageException($"the corpus '{path}' does not exist: give --corpus DIR with the documents to index.");
        }

        return [path];
    }

    public static IProgress<IngestProgress> Progress(TextWriter error) =>
        new MatAssistant.Torch.ImmediateProgress<IngestProgress>(p => error.WriteLine($"ingest: [{p.Done}/{p.Total}] {p.Document} {p.Stage}"));

    /// <summary>
    /// Runs an ingest with a progress bar when stderr is a terminal (DESIGN.md §3), else with one line per file on
    /// <paramref name="error"/> (logs, tests, pipes).
    /// </summary>
    public static T WithProgress<T>(TextWriter error, Func<IProgress<IngestProgress>, T> work)
    {
        if (!ReferenceEquals(error, Console.Error) || Console.IsErrorRedirected)
        {
            return work(Progress(error));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask("ingest");
            return work(new MatAssistant.Torch.ImmediateProgress<IngestProgress>(p =>
            {
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
                task.Description = Markup.Escape($"{p.Stage} {p.Document}");
            }));
        });
    }

    /// <summary>Opens the index, building or refreshing it first (progress and a summary on stderr).</summary>
    public static LiteratureIndex Open(ParseResult parse, string? corpus)
    {
        var error = parse.InvocationConfiguration.Error;
        var ingest = new IngestDocuments(AppPaths.Workspace(parse));
        if (corpus is not null)
        {
            Sources(corpus);
        }

        return WithProgress(error, progress => ingest.Open(corpus, progress, line => error.WriteLine($"ingest: {line}")));
    }
}
