using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MatAssistant.Chemistry;
using MatAssistant.Screening;
using MatAssistant.Screening.Ranking;
using MatAssistant.Screening.Surrogates;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist screen</c>: SMACT charge-neutrality and electronegativity screen of formulas (DESIGN.md §3).</summary>
internal static class ScreenCommand
{
    private const int BatchSize = 4096;
    private const int TableRows = 200;

    public static Command Create()
    {
        var formulas = new Argument<string[]>("formula") { Description = "Formulas such as SrTiO3 \"Ca(OH)2\" CuSO4·5H2O.", Arity = ArgumentArity.ZeroOrMore };
        var input = new Option<string?>("--input") { Description = "Read formulas from FILE (one a line, or CSV with a 'formula' column); '-' reads stdin." };
        var oxidation = new Option<string>("--oxidation-states") { Description = "icsd (default: pymatgen's ICSD states), common, all, or a SMACT-format file.", DefaultValueFactory = _ => "icsd" };
        var electronegativity = new Option<string>("--electronegativities") { Description = "pauling (default: pymatgen's values) or SMACT's element_data.txt.", DefaultValueFactory = _ => "pauling" };
        var metals = new Option<string>("--metals") { Description = "Metals for the alloy rule: smact (default) or pymatgen.", DefaultValueFactory = _ => "smact" };
        var threads = new Option<int>("--threads") { Description = "Worker threads for large inputs (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var where = new Option<string?>("--where") { Description = "Keep results meeting a filter, e.g. \"band_gap between 1.5 and 3 and formation_energy < 0\" (clauses joined by 'and'; NAME.std for σ; flags in_distribution, novel, valid, …); ranks the rest." };
        var rank = new Option<string?>("--rank") { Description = "Rank by objectives, e.g. \"formation_energy:min,band_gap:max\" or \"filter\" (Pareto fronts on mean ∓ σ; default with --where: filter,formation_energy:min)." };
        var models = new Option<string?>("--models") { Description = "Directory of the property surrogates (default: models/ beside the executable)." };
        var command = new Command("screen", "Screen compositions: charge neutrality, electronegativity balance (SMACT rules), novelty, property predictions with uncertainty; filter and rank.")
        {
            formulas, input, oxidation, electronegativity, metals, threads, where, rank, models,
        };

        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var rules = new ScreeningRules(
                LoadData("--oxidation-states", parse.GetValue(oxidation)!, OxidationStateSet.Resolve),
                LoadData("--electronegativities", parse.GetValue(electronegativity)!, ElectronegativityTable.Resolve),
                parse.GetValue(metals)!.ToUpperInvariant() switch
                {
                    "SMACT" => MetalSet.Smact,
                    "PYMATGEN" => MetalSet.Pymatgen,
                    var other => throw new UsageException($"--metals '{other}' is not known: use smact or pymatgen."),
                });
            var threadCount = parse.GetValue(threads);
            if (threadCount < 1)
            {
                throw new UsageException($"--threads must be at least 1, got {threadCount}.");
            }

            using var predictor = SurrogateCli.Load(parse.GetValue(models), parse.InvocationConfiguration.Error);
            var ranking = SurrogateCli.RankingFrom(parse.GetValue(where), parse.GetValue(rank), predictor);
            var screener = new CompositionScreener(new ScreenerOptions(rules, KnownFormulas.TryLoadDefault(), predictor.Names.Count > 0 ? predictor : null));
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

            var batches = all.Chunk(BatchSize).Select(batch => screener.ScreenBatch(batch, threadCount));
            if (ranking is not null)
            {
                var screened = batches.SelectMany(b => b).ToArray();
                var ranked = CandidateRanker.FilterAndRank(screened, ranking);
                if (parse.GetValue(CommonOptions.Json))
                {
                    JsonOutput.Write(output, new
                    {
                        Results = ranked.Select(SurrogateCli.ToJson).ToArray(),
                        Screened = screened.Length,
                        Matched = ranked.Count,
                        Filter = ranking.Filter?.Text,
                        Ranking = CandidateRanker.Describe(ranking),
                        MissingModels = predictor.Missing,
                    });
                }
                else
                {
                    WriteTable(output, [ranked.Select(r => r.Result).ToArray()], ranked);
                    output.WriteLine($"{ranked.Count} of {screened.Length} meet the filter; ranked by {CandidateRanker.Describe(ranking)}.");
                }

                return ExitCodes.Success;
            }

            if (parse.GetValue(CommonOptions.Json))
            {
                WriteJson(output, batches, rules, screener.Options.KnownFormulas);
            }
            else
            {
                WriteTable(output, batches);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static T LoadData<T>(string option, string value, Func<string, T> resolve)
    {
        try
        {
            return resolve(value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new UsageException($"{option} '{value}' could not be used: {e.Message}");
        }
    }

    private static void WriteJson(TextWriter output, IEnumerable<ScreenResult[]> batches, ScreeningRules rules, KnownFormulaSet? known)
    {
        // Streamed result by result so that a million formulas need no more memory than one batch.
        output.Write("{\"results\":[");
        var first = true;
        foreach (var batch in batches)
        {
            foreach (var result in batch)
            {
                if (!first)
                {
                    output.Write(',');
                }

                first = false;
                output.Write(JsonSerializer.Serialize(result, JsonOutput.Options));
            }
        }

        output.Write("],\"rules\":");
        output.Write(JsonSerializer.Serialize(
            new
            {
                OxidationStates = rules.OxidationStates.Name,
                Electronegativities = rules.Electronegativities.Name,
                Metals = rules.Metals.Name,
                KnownReference = known?.Source,
            },
            JsonOutput.Options));
        output.WriteLine("}");
    }

    private static void WriteTable(TextWriter output, IEnumerable<ScreenResult[]> batches, IReadOnlyList<RankedCandidate>? ranked = null)
    {
        var console = Terminal.For(output);
        int total = 0, valid = 0, neutral = 0, balanced = 0, errors = 0;
        foreach (var batch in batches)
        {
            foreach (var chunk in batch.Chunk(TableRows))
            {
                var table = new Table().Border(TableBorder.Rounded)
                    .AddColumns("Formula", "Reduced", "Neutral", "EN-balanced", "Valid", "Oxidation states", "Known", "Verdict", "Predictions (! = out of distribution)");
                if (ranked is not null)
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
                    if (ranked is not null)
                    {
                        var position = ranked[total];
                        cells.AddRange([position.Rank.ToString(CultureInfo.InvariantCulture), position.Front.ToString(CultureInfo.InvariantCulture), position.Score.ToString("0.000", CultureInfo.InvariantCulture)]);
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
