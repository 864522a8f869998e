using System.CommandLine;
using System.Globalization;
using MatAssistant.Application.Literature;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist ingest [paths...]</c>: builds or refreshes the literature index (DESIGN.md §3) through <see cref="IngestDocuments"/>.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or directories to index (default: --corpus, else the shipped corpus/literature).", Arity = ArgumentArity.ZeroOrMore };
        var corpus = LiteratureCommon.CreateCorpusOption();
        var command = new Command("ingest", "Index documents for search: structure, passages with exact offsets, versions, translations, knowledge.") { paths, corpus };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var given = parse.GetValue(paths) ?? [];
            var request = new IngestRequest(given.Length > 0 ? given : LiteratureCommon.Sources(parse.GetValue(corpus)));
            var ingest = new IngestDocuments(AppPaths.Workspace(parse));
            var result = await LiteratureCommon.WithProgress(error, progress => ingest.RunAsync(request, progress, cancellationToken));
            foreach (var e in result.Errors)
            {
                error.WriteLine($"matassist: warning: {e.Message}");
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                JsonOutput.Write(output, result);
                return ExitCodes.Success;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Documents} documents, {result.Chunks} passages, {result.Facts} facts ({result.Reindexed} indexed, {result.Reused} unchanged, {result.Removed} removed) in {result.Seconds:F2} s; index {result.IndexBytes / 1024.0:F0} KiB in {result.DataDir}"));
            foreach (var pair in result.Duplicates)
            {
                output.WriteLine($"versions of one text: {pair[0]} ~ {pair[1]}");
            }

            foreach (var pair in result.Translations)
            {
                output.WriteLine($"translations of one text: {pair[0]} ~ {pair[1]}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
