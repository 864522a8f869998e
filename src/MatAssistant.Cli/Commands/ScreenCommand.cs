using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MatAssistant.Application;
using MatAssistant.Application.Screening;
using MatAssistant.Screening;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist screen</c>: SMACT charge-neutrality and electronegativity screen of formulas (DESIGN.md §3).</summary>
internal static class ScreenCommand
{
    private const int TableRows = 200;

    public static Command Create()
    {
        var formulas = new Argument<string[]>("formula") { Description = "Formulas such as SrTiO3 \"Ca(OH)2\" CuSO4·5H2O.", Arity = ArgumentArity.ZeroOrMore };
        var input = new Option<string?>("--input") { Description = "Read formulas from FILE (one a line, or CSV with a 'formula' column); '-' reads stdin." };
        var oxidation = new Option<string>("--oxidation-states") { Description = "default (ICSD 2024 states reported at least 3 times, SMACT 4's), icsd24_filtered, icsd (pymatgen's), common, all, smact14 (from ../shared/data/smact) or a SMACT-format file.", DefaultValueFactory = _ => "default" };
        var electronegativity = new Option<string>("--electronegativities") { Description = "pauling (default: pymatgen's values) or SMACT's element_data.txt.", DefaultValueFactory = _ => "pauling" };
        var metals = new Option<string>("--metals") { Description = "Metals for the alloy rule: smact (default) or pymatgen.", DefaultValueFactory = _ => "smact" };
        var threads = new Option<int>("--threads") { Description = "Worker threads for large inputs (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var where = new Option<string?>("--where") { Description = "Keep results meeting a filter, e.g. \"band_gap between 1.5 and 3 and formation_energy < 0\" (clauses joined by 'and'; NAME.std for σ; flags in_distribution, novel, valid, …); ranks the rest." };
        var rank = new Option<string?>("--rank") { Description = "Rank by objectives, e.g. \"formation_energy:min,band_gap:max\" or \"filter\" (Pareto fronts on mean ∓ σ; default with --where: filter,formation_energy:min)." };
        var models = new Option<string?>("--models") { Description = "Directory of the property surrogates (default: models/ beside the executable)." };
        var mixedValence = new Option<bool>("--mixed-valence") { Description = "Allow one element in two oxidation states (Fe3O4 as Fe+2/Fe+3) and peroxide oxygen (default true; --mixed-valence false gives SMACT's one state per element).", DefaultValueFactory = _ => true };
        var command = new Command("screen", "Screen compositions: charge neutrality, electronegativity balance (SMACT rules), novelty, property predictions with uncertainty; filter and rank.")
        {
            formulas, input, oxidation, electronegativity, metals, threads, where, rank, models, mixedValence,
        };

        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var threadCount = parse.GetValue(threads);
            if (threadCount < 1)
            {
                throw new UsageException($"--threads must be at least 1, got {threadCount}.");
            }

            var modelsDirectory = parse.GetValue(models);
            if (modelsDirectory is not null && !Directory.Exists(modelsDirectory))
            {
                throw new UsageException($"--models '{modelsDirectory}' is not a directory.");
            }

            var sources = parse.GetValue(formulas) ?? [];
            if (sources.FirstOrDefault(f => f.StartsWith("--", StringComparison.Ordinal)) is { } unknownOption)
            {
                throw new UsageException($"unknown option '{unknownOption}' for screen: run 'matassist screen --help' for the options.");
            }

            var path = parse.GetValue(input);
            IEnumerable<string> all = sources;
            if (path is not null)
            {
                all = all.Concat(FormulaInput.Read(path, Console.In));
            }
            else if (sources.Length == 0)
            {
                throw new UsageException("give formulas as arguments (matassist screen SrTiO3 Fe2O3) or with --input FILE (or - for stdin).");
            }

            using var workspace = new Workspace(AppPaths.Workspace(parse, modelsDirectory));
            var request = new ScreenRequest([], parse.GetValue(oxidation)!, parse.GetValue(electronegativity)!, parse.GetValue(metals)!, parse.GetValue(mixedValence), parse.GetValue(where), parse.GetValue(rank));
            var session = Rename(() => new ScreenFormulas(workspace).Open(request));
            foreach (var note in workspace.Notes)
            {
                parse.InvocationConfiguration.Error.WriteLine($"matassist: note: {note}");
            }

            var batches = all.Chunk(ScreenFormulas.BatchSize).Select(batch => session.ScreenBatch(batch, threadCount));
            var json = parse.GetValue(CommonOptions.Json);
            if (session.Ranking is not null)
            {
                var response = session.Finish(batches.SelectMany(b => b).ToArray());
                if (json)
                {
                    JsonOutput.Write(output, response);
                }
                else
                {
                    WriteTable(output, [[.. response.Results]], ranked: true);
                    output.WriteLine($"{response.Matched} of {response.Screened} meet the filter; ranked by {response.Ranking}.");
                }

                return ExitCodes.Success;
            }

            if (json)
            {
                WriteJson(output, batches, session);
            }
            else
            {
                WriteTable(output, batches);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The use case names its fields as the contracts do; the command line calls them --options.</summary>
    private static T Rename<T>(Func<T> open)
    {
        try
        {
            return open();
        }
        catch (RequestException e)
        {
            var message = e.Message;
            foreach (var name in new[] { "oxidation_states", "electronegativities", "metals", "where", "rank" })
            {
                if (message.StartsWith(name, StringComparison.Ordinal))
                {
                    message = "--" + name.Replace('_', '-') + message[name.Length..];
                    break;
                }
            }

            throw new UsageException(message);
        }
    }

    private static void WriteJson(TextWriter output, IEnumerable<ScreenResult[]> batches, ScreenSession session)
    {
        // Streamed result by result so that a million formulas need no more memory than one batch; the same fields as
        // ScreenResponse (docs/contracts.md), written as they come.
        output.Write("{\"schema\":");
        output.Write(JsonSerializer.Serialize(ContractJson.Schema, JsonOutput.Options));
        output.Write(",\"results\":[");
        var first = true;
        var count = 0;
        foreach (var batch in batches)
        {
            foreach (var result in batch)
            {
                if (!first)
                {
                    output.Write(',');
                }

                first = false;
                count++;
                output.Write(JsonSerializer.Serialize(result, JsonOutput.Options));
            }
        }

        output.Write("],\"rules\":");
        output.Write(JsonSerializer.Serialize(session.Rules, JsonOutput.Options));
        output.Write(",\"screened\":");
        output.Write(count.ToString(CultureInfo.InvariantCulture));
        output.Write(",\"missing_models\":");
        output.Write(JsonSerializer.Serialize(session.MissingModels, JsonOutput.Options));
        output.WriteLine("}");
    }

    private static void WriteTable(TextWriter output, IEnumerable<ScreenResult[]> batches, bool ranked = false)
    {
        var console = Terminal.For(output);
        int total = 0, valid = 0, neutral = 0, balanced = 0, errors = 0;
        foreach (var batch in batches)
        {
            foreach (var chunk in batch.Chunk(TableRows))
            {
                var table = new Table().Border(TableBorder.Rounded)
                    .AddColumns("Formula", "Reduced", "Neutral", "EN-balanced", "Valid", "Oxidation states", "Known", "Verdict", "Predictions (! = out of distribution)");
                if (ranked)
                {
                    table.AddColumns("Rank", "Front", "Score");
                }

                var notes = new List<string>();
                foreach (var r in chunk)
                {
                    var cells = new List<string>
                    {
                        Markup.Escape(r.Formula),
                        Markup.Escape(r.ReducedFormula ?? ""),
                        YesNo(r.ChargeNeutral),
                        YesNo(r.ElectronegativityBalanced),
                        YesNo(r.Valid),
                        Markup.Escape(r.OxidationStateText()),
                        r.Known is null ? "[grey]?[/]" : r.Known.Value ? "known" : "[green]novel[/]",
                        r.Error is not null ? "[red]unreadable[/]" : Markup.Escape((r.Reason ?? "").Replace('_', ' ')),
                        Markup.Escape(SurrogateCli.Describe(r.Predictions)),
                    };
                    if (ranked)
                    {
                        cells.AddRange([$"{r.Rank}", $"{r.ParetoFront}", r.Score?.ToString("0.000", CultureInfo.InvariantCulture) ?? ""]);
                    }

                    table.AddRow(cells.ToArray());
                    if ((r.Error ?? r.Detail) is { } note)
                    {
                        notes.Add($"{Markup.Escape(r.Formula)}: {(r.Error is null ? Markup.Escape(note) : $"[red]{Markup.Escape(note)}[/]")}");
                    }

                    total++;
                    valid += r.Valid == true ? 1 : 0;
                    neutral += r.ChargeNeutral == true ? 1 : 0;
                    balanced += r.ElectronegativityBalanced == true ? 1 : 0;
                    errors += r.Error is null ? 0 : 1;
                }

                console.Write(table);
                foreach (var note in notes)
                {
                    console.MarkupLine(note);
                }
            }
        }

        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]{0}[/] screened: {1} valid, {2} charge-neutral, {3} electronegativity-balanced, {4} unreadable.", total, valid, neutral, balanced, errors);
    }

    private static string YesNo(bool? value) => value switch
    {
        true => "[green]yes[/]",
        false => "[red]no[/]",
        null => "",
    };
}
