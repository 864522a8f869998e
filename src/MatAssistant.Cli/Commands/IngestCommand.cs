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
        var add = new Option<bool>("--add") { Description = "Add PATHS (PDF, Markdown, text, .docx, .html) to a collection, keeping the shipped corpus and everything else." };
        var remove = new Option<bool>("--remove") { Description = "Remove the documents named in PATHS (names as --list shows them); with --collection and no names, the whole collection." };
        var list = new Option<bool>("--list") { Description = "List the indexed documents with their collection, format, pages and passages." };
        var collection = new Option<string?>("--collection") { Description = "The collection to add to (default: papers), remove from or list." };
        var command = new Command("ingest", "Index documents for search: structure, passages with exact offsets and pages, versions, translations, knowledge.") { paths, corpus, add, remove, list, collection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var given = parse.GetValue(paths) ?? [];
            var modes = new[] { parse.GetValue(add), parse.GetValue(remove), parse.GetValue(list) }.Count(m => m);
            if (modes > 1)
            {
                throw new UsageException("give one of --add, --remove and --list.");
            }

            var mode = parse.GetValue(add) ? IngestMode.Add : parse.GetValue(remove) ? IngestMode.Remove : parse.GetValue(list) ? IngestMode.List : IngestMode.Synchronise;
            var request = new IngestRequest(
                mode == IngestMode.Synchronise && given.Length == 0 ? LiteratureCommon.Sources(parse.GetValue(corpus)) : given,
                mode,
                parse.GetValue(collection));
            var ingest = new IngestDocuments(AppPaths.Workspace(parse));
            var result = await LiteratureCommon.WithProgress(error, progress => ingest.RunAsync(request, progress, cancellationToken));
            if (mode == IngestMode.Add && result.Reindexed == 0 && result.Errors.Count > 0)
            {
                // Nothing could be added: that is bad input, not a success with warnings (the index is unchanged).
                throw new UsageException($"nothing was added: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            }

            foreach (var e in result.Errors)
            {
                error.WriteLine($"matassist: warning: {e.Message}");
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                JsonOutput.Write(output, result);
                return ExitCodes.Success;
            }

            if (mode == IngestMode.List)
            {
                foreach (var d in result.Catalogue)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d.Name}  [{d.Collection}, {d.Format}{(d.Pages is { } pages ? $", {pages} pages" : "")}, {d.Passages} passages]  {d.Title}"));
                }

                output.WriteLine($"{result.Catalogue.Count} documents in {result.DataDir}");
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
