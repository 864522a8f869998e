using System.CommandLine;
using System.Globalization;
using MatAssistant.Application;
using MatAssistant.Application.Design;
using MatAssistant.Generation;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist generate</c> (DESIGN.md §3): sample compositions from the shipped generator, screen them, sort them.</summary>
internal static class GenerateCommand
{
    /// <summary>The shipped generator directory under models/.</summary>
    public const string ModelDirectoryName = "generator";

    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Distinct candidates to return, each meeting every constraint (default 20).", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same candidates (default 1).", DefaultValueFactory = _ => 1 };
        var includeOption = new Option<string?>("--include") { Description = "Elements every candidate contains, comma-separated (Li,O)." };
        var includeAny = new Option<string[]>("--include-any") { Description = "A group of which every candidate contains at least one element: symbols or a family (Cl,Br,I or halogen); repeat for several groups." };
        var elementsOnly = new Option<string?>("--elements-only") { Description = "Nothing outside this system: a list (Li,Mn,O or families), or no value for exactly the --include elements.", Arity = ArgumentArity.ZeroOrOne };
        var minElements = new Option<int?>("--min-elements") { Description = "Smallest number of distinct elements." };
        var anion = new Option<string?>("--anion") { Description = "An element that must take a negative oxidation state and be the most electronegative (N for nitrides)." };
        var stoichiometry = new Option<string?>("--stoichiometry") { Description = "A prototype such as ABO3 or AB2O4, or a structure type (perovskite, spinel); only the stoichiometry is checked." };
        var novelOnly = new Option<bool>("--novel-only") { Description = "Only compositions absent from the known-materials reference." };
        var knownOnly = new Option<bool>("--known-only") { Description = "Only compositions in the known-materials reference (well-known ones; not with --novel-only)." };
        var allowRadioactive = new Option<bool>("--allow-radioactive") { Description = "Let the generator use radioactive elements (Tc, Pm, Po–Lr) the request does not name; by default they are left out." };
        var listKnown = new Option<bool>("--list-known") { Description = "Also list the known compositions of the system (--elements-only of symbols, or --include with --elements equal to their number)." };
        var minPlausibility = new Option<double>("--min-plausibility")
        {
            Description = $"With --valid-only, drop oxidation-state assignments less plausible than this, 0–1 (default {DesignRequest.DefaultMinPlausibility}; 0 keeps every valid one).",
            DefaultValueFactory = _ => DesignRequest.DefaultMinPlausibility,
        };
        var validOnly = new Option<bool>("--valid-only") { Description = "Only compositions that pass SMACT's rules (default true; --valid-only false lists the rest too).", DefaultValueFactory = _ => true };
        var oxidation = new Option<string>("--oxidation-states") { Description = "Oxidation states of the screen: default (ICSD 2024), icsd24_filtered, icsd, common, all, smact14 or a SMACT-format file.", DefaultValueFactory = _ => "default" };
        var mixedValence = new Option<bool>("--mixed-valence") { Description = "Allow one element in two oxidation states and peroxide oxygen (default true).", DefaultValueFactory = _ => true };
        var samples = new Option<int?>("--sample-budget") { Description = "Most samples drawn before giving up (default 40000)." };
        var exclude = new Option<string?>("--exclude") { Description = "Elements or families no candidate contains, comma-separated (Pb,Cd or toxic,rare_earth)." };
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
            count, seed, includeOption, includeAny, exclude, elementsOnly, elements, minElements, maxElements, anion, stoichiometry, novelOnly, listKnown, knownOnly, allowRadioactive, validOnly, minPlausibility, oxidation, mixedValence,
            maxAtoms, temperature, topK, topP, model, threads, where, rank, models, samples,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(model);
            if (parse.GetValue(threads) < 1)
            {
                throw new UsageException("--threads must be at least 1.");
            }

            var modelsDirectory = parse.GetValue(models);
            if (modelsDirectory is not null && !Directory.Exists(modelsDirectory))
            {
                throw new UsageException($"--models '{modelsDirectory}' is not a directory.");
            }

            var options = AppPaths.Workspace(parse, modelsDirectory);
            if (directory is not null)
            {
                options = options with { GeneratorDirectoryOverride = directory };
            }

            options = options with { GeneratorThreads = parse.GetValue(threads) };

            if (!File.Exists(Path.Combine(options.GeneratorDirectory, GeneratorFiles.Manifest)))
            {
                throw new UsageException($"no generator in '{options.GeneratorDirectory}': pass --model DIR or run 'matassist train generator'.");
            }

            // Given without a value, --elements-only means "exactly the --include elements".
            var elementsOnlyValue = parse.GetResult(elementsOnly) is null ? null : parse.GetValue(elementsOnly) ?? string.Empty;
            var include = Symbols(parse.GetValue(includeOption));
            var request = new DesignRequest(
                parse.GetValue(count),
                include,
                parse.GetValue(includeAny)?.Select(g => (IReadOnlyList<string>)Symbols(g)!).ToList(),
                Symbols(parse.GetValue(exclude)),
                elementsOnlyValue switch
                {
                    null => null,
                    "" => include is { Length: > 0 } ? include : throw new UsageException("--elements-only without a list needs --include (the system is then exactly those elements)."),
                    var list => Symbols(list),
                },
                new ElementCountRange(parse.GetValue(elements), parse.GetValue(minElements), parse.GetValue(maxElements)),
                parse.GetValue(anion),
                parse.GetValue(stoichiometry),
                parse.GetValue(where),
                parse.GetValue(rank),
                parse.GetValue(novelOnly),
                parse.GetValue(validOnly),
                parse.GetValue(minPlausibility),
                parse.GetValue(oxidation)!,
                parse.GetValue(mixedValence),
                parse.GetValue(seed),
                parse.GetValue(temperature),
                parse.GetValue(topK),
                parse.GetValue(topP),
                parse.GetValue(maxAtoms),
                parse.GetValue(samples),
                ListKnown: parse.GetValue(listKnown),
                AllowRadioactive: parse.GetValue(allowRadioactive),
                KnownOnly: parse.GetValue(knownOnly));
            using var workspace = new Workspace(options);
            var result = await new DesignCandidates(workspace).RunAsync(request, cancellationToken);
            foreach (var note in workspace.Notes)
            {
                parse.InvocationConfiguration.Error.WriteLine($"matassist: note: {note}");
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(CommonOptions.Json))
            {
                JsonOutput.Write(output, result);
            }
            else
            {
                WriteTable(output, result);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string[]? Symbols(string? list) =>
        list is null ? null : list.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void WriteTable(TextWriter output, DesignResult result)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.MarkupLine($"[grey]Read as: {Markup.Escape(result.Understood)}.[/]");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("#", "Formula", "Valid", "Oxidation states", "Novel", "Predictions (! = out of distribution)", "log p");
        foreach (var c in result.Candidates)
        {
            table.AddRow(
                c.Rank.ToString(CultureInfo.InvariantCulture) + (c.MeetsAll ? "" : "*"),
                Markup.Escape(c.ReducedFormula),
                c.Valid ? "[green]yes[/]" : "[red]no[/]",
                Markup.Escape(c.OxidationStateText()),
                c.Novel is null ? "[grey]?[/]" : c.Novel.Value ? "[green]novel[/]" : "known",
                Markup.Escape(SurrogateCli.Describe(c.Predictions)),
                c.LogProbability is { } lp ? lp.ToString("0.00", CultureInfo.InvariantCulture) : "– (enumerated)");
        }

        console.Write(table);
        var m = result.Metrics;
        console.MarkupLine(CultureInfo.InvariantCulture,
            "{0} of {1} candidates from {2} samples ({3} distinct) in {4:0.00} s. Samples: {5:0.0} % unique, {6:0.0} % novel, {7:0.0} % charge-neutral, {8:0.0} % EN-balanced, {9:0.0} % valid ({10} oxidation states).",
            result.Delivered, result.Requested, result.SamplesDrawn, result.DistinctDrawn, result.Seconds,
            100 * m.UniqueFraction, 100 * m.NovelFraction, 100 * m.ChargeNeutralFraction, 100 * m.ElectronegativityBalancedFraction, 100 * m.ValidFraction, m.OxidationStates);
        foreach (var n in result.ConstraintsNotEnforced)
        {
            console.MarkupLine($"[yellow]not enforced:[/] {Markup.Escape(n.Constraint)} — {Markup.Escape(n.Why)}");
        }

        if (result.Note is { } note)
        {
            console.MarkupLine(Markup.Escape(note));
        }

        if (result.KnownInSystem is { } knownList)
        {
            console.MarkupLine(Markup.Escape(knownList.Summary));
        }
    }

    private static string YesNo(bool? value) => value switch
    {
        true => "[green]yes[/]",
        false => "[red]no[/]",
        null => "",
    };
}
