using System.Globalization;
using MatAssistant.Application.Screening;
using MatAssistant.Chemistry;
using MatAssistant.Generation;
using MatAssistant.Screening;
using MatAssistant.Screening.Ranking;
using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Application.Design;

/// <summary>A design request read and checked: the decoder's masks, the checks on each composition, and the request in words.</summary>
internal sealed class DesignPlan
{
    public const string RejectedByFilter = "where";


    /// <summary>
    /// A prototype's formula unit bounds the atoms the decoder may write (ABO3: 5): the model writes reduced formulas, so
    /// without the bound nearly every sample under "ABO3 with Sr" was another stoichiometry (1,247 of 1,305 rejected, none
    /// delivered in the 30 s budget). The user's own max_atoms still applies when smaller.
    /// </summary>
    private static int? PrototypeAtoms(Prototype? prototype, int? maxAtoms)
    {
        if (prototype is null)
        {
            return maxAtoms;
        }

        var atoms = prototype.FormulaUnitAtoms;
        return maxAtoms is { } most ? Math.Min(most, atoms) : atoms;
    }

    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        ["element_count"] = "with too few elements",
        ["include_any"] = "without an element of a required group",
        ["stoichiometry"] = "not of the prototype's stoichiometry",
        ["invalid"] = "failing SMACT's rules",
        ["implausible"] = "with implausible oxidation states (plausibility below min_plausibility, or a state rarer than 0.5 % of its element's usual one)",
        ["anion"] = "without the anion in a negative state",
        ["known"] = "already known",
        ["not_known"] = "not in the known-materials reference",
        [RejectedByFilter] = "outside the property window",
    };

    private DesignPlan()
    {
    }

    public required DecodingConstraints Decoding { get; init; }

    public required CompositionRules Rules { get; init; }

    public required PropertyPredictor? Predictor { get; init; }

    public required RankingOptions? Ranking { get; init; }

    public required IReadOnlyList<string> Applied { get; init; }

    public required IReadOnlyList<NotEnforced> NotEnforced { get; init; }

    public required string Understood { get; init; }

    private int? MinElements { get; init; }

    private IReadOnlyList<IReadOnlyList<string>> AnyOf { get; init; } = [];

    private Prototype? Prototype { get; init; }

    /// <summary>The prototype as the result writes it (ABO3, KMF3), or null when the request has none.</summary>
    public string? PrototypeWritten => Prototype is null ? null : PrototypeText(Prototype);

    private IReadOnlyList<string> Required { get; init; } = [];

    /// <summary>Elements a candidate may hold: the system, else the generator's vocabulary, less the excluded ones.</summary>
    private IReadOnlyList<string> Universe { get; init; } = [];

    /// <summary>Largest number of element sets <see cref="Enumerate"/> tries (ABO3 with Sr and O: one free site, ~85 sets).</summary>
    public const int MaxEnumeratedSets = 5000;

    /// <summary>
    /// Every composition of the prototype that the allowed elements can form, when the request fixes a prototype and the
    /// number of element sets (required elements, one of each group, distinct elements on the sites) is at most
    /// <see cref="MaxEnumeratedSets"/>; empty otherwise. Each set is placed on the sites in every order, so CsPbBr3 and
    /// Cs3PbBr are both tried and screening keeps the charge-balanced one. The generator samples a closed prototype space
    /// poorly (it rarely lands on one exact stoichiometry), and a small space is better listed than sampled.
    /// </summary>
    public IReadOnlyList<Composition> Enumerate()
    {
        if (Prototype is null)
        {
            return [];
        }

        var fixedElements = Prototype.Sites.Where(s => s.Element is not null).Select(s => s.Element!).ToList();
        var open = Prototype.Sites.Where(s => s.Element is null).Select(s => s.Count).ToList();
        var mustPlace = Required.Except(fixedElements).ToList();
        var pool = Universe.Except(fixedElements).Except(mustPlace).OrderBy(e => e, StringComparer.Ordinal).ToList();
        var free = open.Count - mustPlace.Count;
        if (free < 0 || Binomial(pool.Count, free) > MaxEnumeratedSets)
        {
            return [];
        }

        var found = new SortedDictionary<string, Composition>(StringComparer.Ordinal);
        foreach (var chosen in Combinations(pool, free))
        {
            var set = mustPlace.Concat(chosen).ToList();
            var all = set.Concat(fixedElements).ToList();
            if (AnyOf.Any(group => !all.Any(e => group.Contains(e, StringComparer.Ordinal))))
            {
                continue;
            }

            foreach (var order in Permutations(set))
            {
                var formula = string.Concat(order.Select((e, i) => e + open[i].ToString(CultureInfo.InvariantCulture)))
                    + string.Concat(Prototype.Sites.Where(s => s.Element is not null).Select(s => s.Element + s.Count.ToString(CultureInfo.InvariantCulture)));
                var composition = Composition.Parse(formula).Reduce().Composition;
                found.TryAdd(composition.AlphabeticalFormula, composition);
            }
        }

        return found.Values.ToList();
    }

    /// <summary>Most formula lookups <see cref="EnumerateKnown"/> spends: about 0.3 s on this machine's 2 cores.</summary>
    public const int MaxKnownLookups = 400_000;

    /// <summary>
    /// For a known-only request with an exact element count and no prototype ("6 known binary nitrides"): every known
    /// composition of every system of that size that holds the required elements and one of each group, looked up in the
    /// reference (which holds only hashes, so systems are listed, not the set). Empty when the systems are too many for
    /// <see cref="MaxKnownLookups"/> at counts of at least 2. The sampler alone found YN and GdN but not GaN.
    /// </summary>
    public IReadOnlyList<Composition> EnumerateKnown(KnownFormulaSet? known)
    {
        if (!KnownOnly || known is null || Prototype is not null || Decoding.ExactElements is not { } size)
        {
            return [];
        }

        var mustPlace = Required.Distinct(StringComparer.Ordinal).ToList();
        var pool = Universe.Except(mustPlace).OrderBy(e => e, StringComparer.Ordinal).ToList();
        var free = size - mustPlace.Count;
        var sets = free < 0 ? 0 : Binomial(pool.Count, free);
        if (sets is 0 or > MaxEnumeratedSets)
        {
            return [];
        }

        var maxCount = Math.Min(KnownFormulaSet.MaxCountInSystem(size), (int)Math.Floor(Math.Pow(MaxKnownLookups / sets, 1.0 / size)));
        if (maxCount < 2 && size > 1)
        {
            return [];
        }

        var table = ElementTable.Default;
        var found = new SortedDictionary<string, Composition>(StringComparer.Ordinal);
        foreach (var chosen in Combinations(pool, free))
        {
            var set = mustPlace.Concat(chosen).ToList();
            if (AnyOf.Any(group => !set.Any(e => group.Contains(e, StringComparer.Ordinal))) || set.Any(e => !table.TryGet(e, out _)))
            {
                continue;
            }

            foreach (var composition in known.InSystem([.. set.Select(e => table[e])], maxCount))
            {
                found.TryAdd(composition.AlphabeticalFormula, composition);
            }
        }

        return found.Values.ToList();
    }

    private static double Binomial(int n, int k)
    {
        var result = 1.0;
        for (var i = 0; i < k; i++)
        {
            result *= (double)(n - i) / (i + 1);
        }

        return k < 0 || k > n ? 0 : result;
    }

    private static IEnumerable<List<string>> Combinations(List<string> items, int k, int start = 0)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (var i = start; i <= items.Count - k; i++)
        {
            foreach (var rest in Combinations(items, k - 1, i + 1))
            {
                yield return [items[i], .. rest];
            }
        }
    }

    private static IEnumerable<List<string>> Permutations(List<string> items)
    {
        if (items.Count <= 1)
        {
            yield return [.. items];
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }

    private string? Anion { get; init; }

    private bool ValidOnly { get; init; }

    private double MinPlausibility { get; init; }

    private bool NovelOnly { get; init; }

    private bool KnownOnly { get; init; }

    public static string Describe(string reason) => Reasons.GetValueOrDefault(reason, reason);

    /// <summary>Why a distinct composition is rejected before screening, or null when it passes.</summary>
    public string? Reject(Composition composition, KnownFormulaSet? known)
    {
        if (MinElements is { } min && composition.ElementCount < min)
        {
            return "element_count";
        }

        if (AnyOf.Any(group => !composition.Elements.Any(e => group.Contains(e.Symbol, StringComparer.Ordinal))))
        {
            return "include_any";
        }

        if (Prototype is not null && !Prototype.Matches(composition))
        {
            return "stoichiometry";
        }

        if (NovelOnly && known is not null && known.Contains(composition))
        {
            return "known";
        }

        if (KnownOnly && known is not null && !known.Contains(composition))
        {
            return "not_known";
        }

        return null;
    }

    /// <summary>
    /// How usual the rarest state of the assignment is (ICSD 2024 reports relative to the element's usual state; 1 without
    /// an assignment). Plausibility is a geometric mean over elements, so one state as rare as La+4 (0.1 % of lanthanum's
    /// reports) still scores 0.10 in BaLaO3; this is the weakest link on its own.
    /// </summary>
    private static double RarestState(ScreenResult screen) =>
        screen.Species is not { Count: > 0 } species ? 1
            : species.Where(s => s.OxidationState == Math.Floor(s.OxidationState))
                .Select(s => ElementTable.Default.TryGet(s.Element, out var e) ? OxidationStateStatistics.Icsd24.RelativeFrequency(e.AtomicNumber, (int)s.OxidationState) : 1)
                .DefaultIfEmpty(1).Min();

    /// <summary>Why a screened composition is rejected, or null when it meets everything.</summary>
    public string? RejectScreened(ScreenResult screen)
    {
        if (ValidOnly && screen.Valid != true)
        {
            return "invalid";
        }

        if (ValidOnly && screen.Plausibility is { } plausibility && plausibility < MinPlausibility)
        {
            return "implausible";
        }

        if (ValidOnly && MinPlausibility > 0 && RarestState(screen) < DesignRequest.RarestStateFloor)
        {
            return "implausible";
        }

        if (Anion is { } anion)
        {
            // The anion must carry a negative state and be the most electronegative element (a nitride is not an oxynitride
            // in which N happens to be negative).
            if (!IsAnion(screen, anion))
            {
                return "anion";
            }
        }

        if (Ranking?.Filter is { } filter && !filter.Matches(screen))
        {
            return RejectedByFilter;
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="anion"/> takes a negative state in the reported assignment (single or mixed valence) and
    /// is the most electronegative element: a nitride is not an oxynitride in which N happens to be negative.
    /// </summary>
    public static bool IsAnion(ScreenResult screen, string anion)
    {
        var states = screen.Species is { Count: > 0 } species
            ? species.Select(x => (x.Element, x.OxidationState))
            : screen.OxidationStates?.Select(p => (Element: p.Key, OxidationState: (double)p.Value)) ?? [];
        var list = states.ToList();
        if (!list.Any(x => x.Element == anion && x.OxidationState < 0) || list.Any(x => x.Element == anion && x.OxidationState > 0))
        {
            return false;
        }

        var chi = ElementTable.Default[anion].PaulingElectronegativity ?? double.NaN;
        return !list.Any(x => x.Element != anion && (ElementTable.Default[x.Element].PaulingElectronegativity ?? double.NegativeInfinity) > chi);
    }

    public static DesignPlan Read(DesignRequest request, Workspace workspace)
    {
        if (request.Count is < 1 or > DesignRequest.MaxCount)
        {
            throw new RequestException($"count must be between 1 and {DesignRequest.MaxCount}, got {request.Count}.");
        }

        if (request.SampleBudget is < 1 or > 1_000_000)
        {
            throw new RequestException($"sample_budget must be between 1 and 1000000, got {request.SampleBudget}.");
        }

        if (request.TimeBudgetSeconds is { } t && !(t > 0 && t <= 600))
        {
            throw new RequestException($"time_budget_seconds must be in (0, 600], got {t.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (!(request.MinPlausibility is >= 0 and <= 1))
        {
            throw new RequestException($"min_plausibility must be between 0 and 1, got {request.MinPlausibility.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (request.NovelOnly && request.KnownOnly)
        {
            throw new RequestException("novel_only and known_only cannot both be set: ask for new compositions or for known ones.");
        }

        var include = Expand(request.Include, "include");
        var exclude = Expand(request.Exclude, "exclude");
        var system = request.ElementsOnly is { Count: > 0 } ? Expand(request.ElementsOnly, "elements_only") : null;
        var anyOf = (request.IncludeAny ?? []).Select((g, i) => Expand(g, $"include_any[{i}]")).Where(g => g.Count > 0).ToList();
        string? anion = null;
        if (!string.IsNullOrWhiteSpace(request.Anion))
        {
            anion = ElementTable.Default.TryGet(request.Anion.Trim(), out var a)
                ? a.Symbol
                : throw new RequestException($"anion '{request.Anion}' is not an element symbol (N for a nitride, S for a sulfide).");
        }

        var applied = new List<string>();
        var notEnforced = new List<NotEnforced>();
        var words = new List<string>();

        // Contradictions are the user's to resolve: say which, rather than return an empty table.
        if (include.Intersect(exclude).ToList() is { Count: > 0 } both)
        {
            throw new RequestException($"{string.Join(", ", both)} {(both.Count == 1 ? "is" : "are")} both required and excluded: the request is contradictory.");
        }

        if (anion is not null && exclude.Contains(anion))
        {
            throw new RequestException($"the anion {anion} is excluded: the request is contradictory.");
        }

        if (system is not null && include.Concat(anion is null ? [] : [anion]).Where(s => !system.Contains(s)).ToList() is { Count: > 0 } outside)
        {
            throw new RequestException($"{string.Join(", ", outside)} {(outside.Count == 1 ? "is" : "are")} required but outside the system {string.Join("–", system)}.");
        }

        Prototype? prototype = null;
        if (!string.IsNullOrWhiteSpace(request.Stoichiometry))
        {
            if (!Prototype.TryParse(request.Stoichiometry, out prototype, out var problem))
            {
                throw new RequestException($"stoichiometry: {problem}");
            }
        }

        var range = request.ElementCount ?? new ElementCountRange();
        var exact = range.Exact ?? prototype?.Sites.Count;
        if (range.Exact is { } e && prototype is not null && e != prototype.Sites.Count)
        {
            throw new RequestException($"element_count {e} contradicts the prototype {prototype.Text}, which has {prototype.Sites.Count} sites.");
        }

        foreach (var (name, value) in new[] { ("exact", exact), ("min", range.Min), ("max", range.Max) })
        {
            if (value is < 1 or > 12)
            {
                throw new RequestException($"element_count.{name} must be between 1 and 12, got {value}.");
            }
        }

        if (range.Min is { } lo && range.Max is { } hi && lo > hi)
        {
            throw new RequestException($"element_count: min {lo} is larger than max {hi}.");
        }

        var required = include.Concat(anion is null || include.Contains(anion) ? [] : [anion])
            .Concat(prototype?.Sites.Where(s => s.Element is not null).Select(s => s.Element!).Where(s => !include.Contains(s) && s != anion) ?? []).ToList();
        if (exact is { } x && required.Count > x)
        {
            throw new RequestException($"{required.Count} elements are required ({string.Join(", ", required)}) but exactly {x} are allowed: the request is contradictory, no composition can meet both.");
        }

        if (range.Max is { } most && required.Count > most)
        {
            throw new RequestException($"{required.Count} elements are required ({string.Join(", ", required)}) but at most {most} are allowed: the request is contradictory, no composition can meet both.");
        }

        // Radioactive elements the request does not name are left out by default, and said so.
        var radioactive = request.AllowRadioactive ? [] : Expand(["radioactive"], "exclude")
            .Where(s => !required.Contains(s) && !exclude.Contains(s) && system?.Contains(s) != true && !anyOf.Any(g => g.Contains(s))).ToList();
        var vocabulary = workspace.HasGenerator ? GeneratorVocabulary(workspace) : [];
        var outsideSystem = system is null ? [] : vocabulary.Where(s => !system.Contains(s)).ToList();
        var decoding = new DecodingConstraints(
            required.Count > 0 ? required : null,
            exclude.Concat(outsideSystem).Concat(radioactive).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } ex ? ex : null,
            exact,
            range.Max,
            PrototypeAtoms(prototype, request.MaxAtoms));

        words.Add($"generate {request.Count} composition{(request.Count == 1 ? "" : "s")}");
        applied.Add($"count {request.Count}");
        if (required.Count > 0)
        {
            words.Add($"{Join(required)} in each");
            applied.Add($"include {string.Join(", ", required)}");
        }

        foreach (var (group, raw) in anyOf.Zip(request.IncludeAny ?? []))
        {
            words.Add($"at least one of {Group(raw, group)}");
            applied.Add($"include_any [{string.Join(", ", group)}]");
        }

        if (system is not null)
        {
            words.Add($"only elements of {string.Join("–", system)}");
            applied.Add($"elements_only {string.Join(", ", system)}");
        }

        if (exact is { } n)
        {
            words.Add($"exactly {n} elements");
            applied.Add($"element_count exactly {n}");
        }

        if (range.Min is { } min)
        {
            words.Add($"at least {min} elements");
            applied.Add($"element_count at least {min}");
        }

        if (range.Max is { } max)
        {
            words.Add($"at most {max} elements");
            applied.Add($"element_count at most {max}");
        }

        if (anion is not null)
        {
            words.Add($"{anion} as the anion (negative oxidation state, most electronegative)");
            applied.Add($"anion {anion}");
        }

        if (prototype is not null)
        {
            words.Add($"{prototype.Sites.Count}-site stoichiometry {PrototypeText(prototype)}");
            applied.Add($"stoichiometry {PrototypeText(prototype)}");
            notEnforced.Add(new(prototype.Name is { } typeName ? $"structure type {typeName}" : "structure type", $"only the stoichiometry {PrototypeText(prototype)} is checked; the crystal structure is not predicted (compositions only)."));
        }

        if (exclude.Count > 0)
        {
            words.Add($"no {Group(request.Exclude!, exclude)}");
            applied.Add($"exclude {string.Join(", ", exclude)}");
        }

        if (radioactive.Count > 0 && system is null)
        {
            words.Add("no radioactive elements (default)");
            applied.Add($"exclude radioactive {string.Join(", ", radioactive)} (default; allow_radioactive to include them)");
        }

        var rules = new CompositionRules(ScreenFormulas.Rules(request.OxidationStates, mixedValence: request.MixedValence));
        var oxidation = rules.Rules.OxidationStates;

        var predictor = workspace.Predictor;
        var ranking = PropertyRanking.From(request.Where, request.Rank, predictor);
        if (ranking?.Filter is { } filter)
        {
            words.Add($"predicted {filter.Text}");
            applied.Add($"where {filter.Text}");
        }

        if (ranking is not null)
        {
            applied.Add($"rank {CandidateRanker.Describe(ranking)}");
        }

        if (request.NovelOnly)
        {
            if (workspace.Known is null)
            {
                notEnforced.Add(new("novel_only", "no known-materials reference ships with this installation, so novelty cannot be checked."));
            }
            else
            {
                applied.Add($"novel_only (not in {workspace.Known.Source})");
            }
        }

        if (request.KnownOnly)
        {
            if (workspace.Known is null)
            {
                notEnforced.Add(new("known_only", "no known-materials reference ships with this installation, so whether a composition is known cannot be checked."));
            }
            else
            {
                applied.Add($"known_only (in {workspace.Known.Source})");
            }
        }

        if (request.ValidOnly)
        {
            applied.Add($"valid_only (SMACT rules, {oxidation.Name} oxidation states)");
            if (request.MinPlausibility > 0)
            {
                applied.Add(string.Create(CultureInfo.InvariantCulture, $"min_plausibility {request.MinPlausibility:0.###} (oxidation-state assignments rarer than that dropped, and any with a state below {DesignRequest.RarestStateFloor:0.###} of its element's usual one: La+4, Mn−1, peroxide O−1)"));
            }
        }

        var qualifiers = new List<string>();
        if (request.NovelOnly)
        {
            qualifiers.Add("novel");
        }

        if (request.KnownOnly)
        {
            qualifiers.Add("known");
        }

        if (request.ValidOnly)
        {
            qualifiers.Add("valid");
        }

        if (qualifiers.Count > 0)
        {
            words.Add($"{string.Join(" and ", qualifiers)} only");
        }

        return new DesignPlan
        {
            Decoding = decoding,
            Rules = rules,
            Predictor = predictor.Names.Count > 0 ? predictor : null,
            Ranking = ranking,
            Applied = applied,
            NotEnforced = notEnforced,
            Understood = words[0] + (words.Count > 1 ? ": " + string.Join(", ", words.Skip(1)) : ""),
            MinElements = range.Min,
            AnyOf = anyOf,
            Prototype = prototype,
            Required = required,
            Universe = (system ?? vocabulary).Except(decoding.Exclude ?? []).Concat(required).Distinct(StringComparer.Ordinal).ToList(),
            Anion = anion,
            ValidOnly = request.ValidOnly,
            MinPlausibility = request.MinPlausibility,
            NovelOnly = request.NovelOnly && workspace.Known is not null,
            KnownOnly = request.KnownOnly && workspace.Known is not null,
        };
    }

    private static IReadOnlyList<string> GeneratorVocabulary(Workspace workspace) =>
        workspace.WithGenerator(g => g.Manifest.Elements);

    private static IReadOnlyList<string> Expand(IReadOnlyList<string>? items, string what)
    {
        try
        {
            return items is null ? [] : ElementFamilies.Expand(items.Where(i => !string.IsNullOrWhiteSpace(i)), what);
        }
        catch (ArgumentException e)
        {
            throw new RequestException(e.Message, e);
        }
    }

    /// <summary>A group as the user named it: a family by its name with its members, symbols by themselves.</summary>
    private static string Group(IEnumerable<string> raw, IReadOnlyList<string> expanded)
    {
        var names = raw.Select(r => r.Trim()).ToList();
        var families = names.Where(n => ElementFamilies.TryGet(n, out _) && !ElementTable.Default.TryGet(n, out _)).ToList();
        return families.Count == 0 ? Join(expanded, "or") : $"{string.Join(" or ", families.Select(f => f.Replace('_', ' ')))} ({string.Join(", ", expanded)})";
    }

    private static string PrototypeText(Prototype p) => p.Name is null ? p.Text : $"{Prototype.Named[p.Name]} ({p.Name})";

    private static string Join(IReadOnlyList<string> items, string conjunction = "and") => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => $"{string.Join(", ", items.Take(items.Count - 1))} {conjunction} {items[^1]}",
    };
}
