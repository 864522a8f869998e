using System.CommandLine;
using System.Globalization;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist search "query" [--top K]</c>: passages quoted verbatim with their offsets (DESIGN.md §3).</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "What to look for, in English or Chinese." };
        var top = new Option<int>("--top") { Description = "How many passages (default 5).", DefaultValueFactory = _ => 5 };
        var corpus = LiteratureCommon.CreateCorpusOption();
        var command = new Command("search", "Search the literature; builds the index on first use.") { query, top, corpus };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var text = parse.GetValue(query) ?? "";
            var count = parse.GetValue(top);
            if (count is < 1 or > 1000)
            {
                throw new UsageException($"--top must be between 1 and 1000, got {count}.");
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException("the query is empty: give words to look for, e.g. matassist search \"diffusion model\".");
            }

            using var index = LiteratureCommon.Open(parse, parse.GetValue(corpus));
            var hits = index.Search(text, count);
            if (parse.GetValue(CommonOptions.Json))
            {
                JsonOutput.Write(output, new
                {
                    Hits = hits.Select(h => new { h.Document, h.Title, h.Section, Score = Math.Round(h.Score, 4), h.Text, h.Start, h.End, Kind = h.Kind.ToString().ToLowerInvariant(), h.Language }),
                });
                return ExitCodes.Success;
            }

            if (hits.Count == 0)
            {
                output.WriteLine("no passage matches.");
            }

            for (var i = 0; i < hits.Count; i++)
            {
                var h = hits[i];
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {h.Document} [{h.Start}..{h.End}) § {h.Section} (score {h.Score:F2})"));
                output.WriteLine("   " + (h.Text.Length > 400 ? h.Text[..400] + "…" : h.Text).ReplaceLineEndings(" "));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
