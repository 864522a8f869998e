using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatAssistant.Chemistry;
using MatAssistant.Generation;
using MatAssistant.Screening;
using MatAssistant.Screening.Ranking;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist generate</c> (DESIGN.md §3): sample compositions from the shipped generator, screen them, sort them.</summary>
internal static class GenerateCommand
{
    /// <summary>The shipped generator directory under models/.</summary>
    public const string ModelDirectoryName = "generator";

    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Distinct candidates to return (default 20).", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same candidates (default 1).", DefaultValueFactory = _ => 1 };
        var include = new Option<string?>("--include") { Description = "Elements every candidate contains, comma-separated (Li,O)." };
        var exclude = new Option<string?>("--exclude") { Description = "Elements no candidate contains, comma-separated (Pb,Cd)." };
        var elements = new Option<int?>("--elements") { Description = "Exact number of distinct elements." };
        var maxElements = new Option<int?>("--max-elements") { Description = "Largest number of distinct elements." };
        var maxAtoms = new Option<int?>("--max-atoms") { Description = "Largest number of atoms per formula unit." };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature > 0 (default: the model's)." };
        var topK = new Option<int?>("--top-k") { Description = "Keep the k most likely tokens (0: all)." };
        var topP = new Option<double?>("--top-p") { Description = "Nucleus sampling mass in (0, 1]." };
        var model = new Option<string?>("--model") { Description = "Generator directory (default: models/generator beside the executable)." };
        var threads = new Option<int>("--threads") { Description = "TorchSharp threads (default 1: on a busy machine more threads were several times slower).", DefaultValueFactory = _ => 1 };
        var where = new Option<string?>("--where") { Description = "Keep candidates whose predicted properties meet a filter, e.g. \"band_gap > 2 and formation_energy < 0\" (see docs/surrogates.md); the rest are ranked." };
        var rank = new Option<string?>("--rank") { Description = "Rank by objectives, e.g. \"formation_energy:min,band_gap:max\" (Pareto fronts on mean ∓ σ; default with --where: filter,formation_energy:min)." };
        var models = new Option<string?>("--models") { Description = "Directory of the property surrogates (default: models/ beside the executable)." };
        var command = new Command("generate", "Propose new compositions with the trained language model, screened for charge neutrality, electronegativity balance and novelty, with property predictions; filter and rank.")
        {
            count, seed, include, exclude, elements, maxElements, maxAtoms, temperature, topK, topP, model, threads, where, rank, models,
        };

        command.SetAction(parse =>
        {
            var clock = Stopwatch.StartNew();
            var n = parse.GetValue(count);
            if (n < 1 || n > 1_000_000)
            {
                throw new UsageException($"--count must be between 1 and 1000000, got {n}.");
            }

            if (parse.GetValue(threads) < 1)
            {
                throw new UsageException("--threads must be at least 1.");
            }

            var directory = parse.GetValue(model) ?? Path.Combine(AppPaths.Models, ModelDirectoryName);
            if (!File.Exists(Path.Combine(directory, GeneratorFiles.Manifest)))
            {
                throw new UsageException($"no generator in '{directory}': pass --model DIR or run 'matassist train generator'.");
            }

            using var predictor = SurrogateCli.Load(parse.GetValue(models), parse.InvocationConfiguration.Error);
            var ranking = SurrogateCli.RankingFrom(parse.GetValue(where), parse.GetValue(rank), predictor);
            using var generator = CompositionGenerator.Load(directory, parse.GetValue(threads));
            var knownPath = Path.Combine(directory, GeneratorFiles.KnownFormulas);
            var known = File.Exists(knownPath) ? KnownFormulaSet.Load(knownPath) : KnownFormulas.TryLoadDefault();
            var constraints = new DecodingConstraints(Symbols(parse.GetValue(include)), Symbols(parse.GetValue(exclude)), parse.GetValue(elements), parse.GetValue(maxElements), parse.GetValue(maxAtoms));
            var request = new GenerationRequest(n, parse.GetValue(seed), constraints, parse.GetValue(temperature), parse.GetValue(topK), parse.GetValue(topP));
            var rules = new CompositionRules();
            CandidateSet result;
            try
            {
                result = CandidateSearch.Propose(generator, request, rules, known is null ? null : known.Contains);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            var screener = new CompositionScreener(new ScreenerOptions(rules.Rules, known));
            var screened = result.Candidates.Select(c => (Screen: screener.Screen(c.ReducedFormula, c.Composition), Candidate: c)).ToArray();
            if (predictor.Names.Count > 0)
            {
                // One batched pass per surrogate (DESIGN.md §3: candidates carry predictions like screen results).
                var predictions = predictor.PredictBatch(result.Candidates.Select(c => c.Composition).ToArray());
                screened = screened.Select((p, i) => (p.Screen with { Predictions = predictions[i] }, p.Candidate)).ToArray();
            }

            IReadOnlyList<RankedCandidate>? ranked = null;
            if (ranking is not null)
            {
                ranked = CandidateRanker.FilterAndRank(screened.Select(p => p.Screen), ranking);
                var byScreen = screened.ToDictionary<(ScreenResult Screen, Candidate Candidate), object, Candidate>(p => p.Screen, p => p.Candidate, ReferenceEqualityComparer.Instance);
                screened = ranked.Select(r => (r.Result, byScreen[r.Result])).ToArray();
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(CommonOptions.Json))
            {
                JsonOutput.Write(output, new
                {
                    Candidates = screened.Select((p, i) => ToJson(p.Screen, p.Candidate, ranked?[i])).ToArray(),
                    Filter = ranking?.Filter?.Text,
                    Ranking = ranking is null ? null : CandidateRanker.Describe(ranking),
                    Matched = ranked?.Count,
                    Metrics = result.Metrics,
                    Model = new { Path = Path.GetFullPath(directory), generator.Manifest.Size, generator.Manifest.Parameters, Sampling = generator.Manifest.Sampling, KnownReference = known?.Source, KnownFormulas = known?.Count },
                    Samples = result.Samples,
                    Seconds = clock.Elapsed.TotalSeconds,
                });
            }
            else
            {
                WriteTable(output, screened, result, clock.Elapsed, n);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A candidate as DESIGN.md §3 shows it: the screen result plus <c>novel</c> and the sample's log probability.</summary>
    private static JsonObject ToJson(ScreenResult r, Candidate c, RankedCandidate? ranked)
    {
        var node = (ranked is null ? JsonSerializer.SerializeToNode(r, JsonOutput.Options)! : SurrogateCli.ToJson(ranked)).AsObject();
        node["novel"] = c.Novel;
        node["log_probability"] = Math.Round(c.LogProbability, 4);
        return node;
    }

    private static string[]? Symbols(string? list) =>
        list is null ? null : list.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void WriteTable(TextWriter output, (ScreenResult Screen, Candidate Candidate)[] candidates, CandidateSet result, TimeSpan elapsed, int requested)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var table = new Table().Border(TableBorder.Rounded).AddColumns("#", "Formula", "Valid", "Charge-neutral", "EN-balanced", "Oxidation states", "Novel", "log p");
        var i = 0;
        foreach (var (c, candidate) in candidates)
        {
            table.AddRow(
                (++i).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(c.ReducedFormula ?? c.Formula),
                YesNo(c.Valid),
                YesNo(c.ChargeNeutral),
                YesNo(c.ElectronegativityBalanced),
                Markup.Escape(c.OxidationStateText()),
                candidate.Novel is null ? "[grey]?[/]" : candidate.Novel.Value ? "[green]novel[/]" : "known",
                candidate.LogProbability.ToString("0.00", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        var m = result.Metrics;
        console.MarkupLine(CultureInfo.InvariantCulture,
            "{0} candidates{1} from {2} samples in {3:0.00} s. Samples: {4:0.0} % unique, {5:0.0} % novel, {6:0.0} % charge-neutral, {7:0.0} % EN-balanced, {8:0.0} % valid ({9} oxidation states).",
            candidates.Length, candidates.Length < requested ? $" (fewer than the {requested} asked: the constraints allow few distinct formulas)" : "", result.Samples, elapsed.TotalSeconds,
            100 * m.UniqueFraction, 100 * m.NovelFraction, 100 * m.ChargeNeutralFraction, 100 * m.ElectronegativityBalancedFraction, 100 * m.ValidFraction, m.OxidationStates);
    }

    private static string YesNo(bool? value) => value switch
    {
        true => "[green]yes[/]",
        false => "[red]no[/]",
        null => "",
    };
}
