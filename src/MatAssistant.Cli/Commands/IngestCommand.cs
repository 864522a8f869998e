using System.CommandLine;
using System.Globalization;
using MatAssistant.Literature;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist ingest [paths...]</c>: builds or refreshes the literature index (DESIGN.md §3).</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or directories to index (default: --corpus, else the shipped corpus/literature).", Arity = ArgumentArity.ZeroOrMore };
        var corpus = LiteratureCommon.CreateCorpusOption();
        var command = new Command("ingest", "Index documents for search: structure, passages with exact offsets, versions, translations, knowledge.") { paths, corpus };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var given = parse.GetValue(paths) ?? [];
            IReadOnlyList<string> sources = given.Length > 0 ? given.Select(Path.GetFullPath).ToArray() : LiteratureCommon.Sources(parse.GetValue(corpus));
            var dataDir = AppPaths.DataDir(parse.GetValue(CommonOptions.DataDir));
            IngestReport report;
            try
            {
                report = LiteratureCommon.WithProgress(error, progress => LiteratureIngestor.Ingest(sources, dataDir, LiteratureOptions.Default, progress));
            }
            catch (InvalidOperationException e)
            {
                // Nothing readable: the previous index, if any, stays in place.
                throw new UsageException(e.Message);
            }

            LiteratureCommon.WriteErrors(error, report);

            if (parse.GetValue(CommonOptions.Json))
            {
                JsonOutput.Write(output, new
                {
                    Documents = report.Documents.Count,
                    report.Chunks,
                    report.Duplicates,
                    report.Translations,
                    Seconds = Math.Round(report.Seconds, 3),
                    Names = report.Documents,
                    report.Reused,
                    report.Reindexed,
                    report.Removed,
                    report.Facts,
                    report.IndexBytes,
                    Errors = report.Errors.Select(e => new { e.Path, e.Message }),
                    DataDir = dataDir,
                });
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Documents.Count} documents, {report.Chunks} passages, {report.Facts} facts ({report.Reindexed} indexed, {report.Reused} unchanged, {report.Removed} removed) in {report.Seconds:F2} s; index {report.IndexBytes / 1024.0:F0} KiB in {dataDir}"));
                foreach (var pair in report.Duplicates)
                {
                    output.WriteLine($"versions of one text: {pair[0]} ~ {pair[1]}");
                }

                foreach (var pair in report.Translations)
                {
                    output.WriteLine($"translations of one text: {pair[0]} ~ {pair[1]}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
