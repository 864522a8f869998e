using System.CommandLine;
using System.Globalization;
using MatAssistant.Application.Literature;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist search "query" [--top K]</c>: the retrieve use case (<see cref="RetrieveLiterature"/>): the same passages, sentences and facts as the assistant's retrieve tool.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "What to look for, in English or Chinese." };
        var top = new Option<int>("--top") { Description = $"How many passages (default {RetrieveRequest.DefaultTop}, at most {RetrieveRequest.MaxTop}).", DefaultValueFactory = _ => RetrieveRequest.DefaultTop };
        var corpus = LiteratureCommon.CreateCorpusOption();
        var command = new Command("search", "Search the literature; builds the index on first use.") { query, top, corpus };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var request = new RetrieveRequest(parse.GetValue(query) ?? "", parse.GetValue(top));
            request.Validate();
            using var index = LiteratureCommon.Open(parse, parse.GetValue(corpus));
            var result = await new RetrieveLiterature(index).RunAsync(request, cancellationToken);

            if (parse.GetValue(CommonOptions.Json))
            {
                JsonOutput.Write(output, result);
                return ExitCodes.Success;
            }

            if (result.Passages.Count == 0)
            {
                output.WriteLine("no passage matches.");
            }

            foreach (var p in result.Passages)
            {
                var page = p.Page is { } n ? string.Create(CultureInfo.InvariantCulture, $", p. {n}") : "";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Number}. {p.Document} [{p.Start}..{p.End}){page} § {p.Section} (score {p.Score:F2})"));
                output.WriteLine("   " + (p.Text.Length > 400 ? p.Text[..400] + "…" : p.Text).ReplaceLineEndings(" "));
            }

            foreach (var f in result.Facts)
            {
                output.WriteLine($"{f.Kind}: {f.Subject} = {f.Value} [{f.Passage}]");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
