namespace MatAssistant.Agent.Planning;

/// <summary>The four kinds of request the offline planner recognises.</summary>
public enum RequestIntent
{
    /// <summary>A question answered from the literature corpus.</summary>
    Faq,
    /// <summary>Propose new compositions.</summary>
    Design,
    /// <summary>Check given formulas.</summary>
    Screen,
    /// <summary>Solve equations or a named materials problem.</summary>
    Solve,
    /// <summary>Explain from the literature and check given formulas: two tools in one turn, one answer.</summary>
    ExplainAndScreen,
}

/// <summary>A bound on a predicted property, e.g. band gap &gt; 2 eV.</summary>
/// <param name="Property">The surrogate's property name (<c>band_gap</c>, <c>formation_energy</c>).</param>
/// <param name="Lower">Lower bound, or null.</param>
/// <param name="Upper">Upper bound, or null.</param>
public sealed record PropertyWindow(string Property, double? Lower, double? Upper)
{
    /// <summary>The window in the screening filter language: <c>band_gap &gt; 2</c>, <c>band_gap between 1.5 and 3</c>.</summary>
    public string ToFilter() => (Lower, Upper) switch
    {
        ({ } lo, { } hi) => $"{Property} between {Format(lo)} and {Format(hi)}",
        ({ } lo, null) => $"{Property} > {Format(lo)}",
        (null, { } hi) => $"{Property} < {Format(hi)}",
        _ => Property,
    };

    private static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What a design request asks for.</summary>
public sealed record DesignSlots(
    int? Count,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude,
    int? ExactElements,
    int? MaxElements,
    IReadOnlyList<PropertyWindow> Properties,
    bool NovelOnly)
{
    /// <summary>Groups of which each candidate has at least one element, as the tool takes them (<c>"Cl|Br|I"</c>, <c>"halogen"</c>); none by default.</summary>
    public IReadOnlyList<string> IncludeAny { get; init; } = [];

    /// <summary>The chemical system, when the request names one ("only Li, Fe, P and O", "Na–Mn–Si–O"); null: free.</summary>
    public IReadOnlyList<string>? ElementsOnly { get; init; }

    /// <summary>Fewest distinct elements ("at least three elements"); null: free.</summary>
    public int? MinElements { get; init; }

    /// <summary>The anion a class word fixes ("nitrides" → N); null when none or when classes disagree.</summary>
    public string? Anion { get; init; }

    /// <summary>A prototype (<c>ABO3</c>) or structure name (<c>perovskite</c>); null: any.</summary>
    public string? Stoichiometry { get; init; }

    /// <summary>Sentences for the answer on how words were read and what is not predicted ("stable" is not hull stability).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>One sentence when the request cannot be honoured as written (a count of NaN, an unknown element); null when fine.</summary>
    public string? Problem { get; init; }

    /// <summary>Words and phrases no slot took.</summary>
    public IReadOnlyList<string> NotUsed { get; init; } = [];

    /// <summary>"Which … are already known?": list the known compositions of the system beside the proposals.</summary>
    public bool ListKnown { get; init; }

    /// <summary>"List 8 well-known ones", "only known compounds": candidates from the known-materials reference only.</summary>
    public bool KnownOnly { get; init; }
}

/// <summary>What an equation-solving request gives.</summary>
/// <param name="Equations">Equations as written (<c>dy/dt = -0.5*y</c>).</param>
/// <param name="Parameters">Named constants (<c>k = 0.5</c>).</param>
/// <param name="InitialValues">Initial values by variable.</param>
/// <param name="T0">Start time, when given.</param>
/// <param name="T1">End time, when given (seconds when the text gave a unit).</param>
/// <param name="Template">A named materials problem (<c>fick</c>, <c>arrhenius</c>, <c>jmak</c>, <c>newton-cooling</c>, <c>nth-order</c>, <c>parabolic-growth</c>, <c>robertson</c>) when recognised.</param>
/// <param name="Quantities">Physical quantities found in the text, in SI units (D, T, time, cs, x, …), for templates.</param>
public sealed record SolveSlots(
    IReadOnlyList<string> Equations,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, double> InitialValues,
    double? T0,
    double? T1,
    string? Template,
    IReadOnlyDictionary<string, double> Quantities)
{
    /// <summary>Derived questions in <c>SolveQueryText</c>'s one-line form (<c>time_to_fraction:c=0.25</c>); none by default.</summary>
    public IReadOnlyList<string> Queries { get; init; } = [];

    /// <summary>The time unit the user wrote (name and seconds), so answers come back in it; null: seconds.</summary>
    public (string Name, double Seconds)? TimeUnit { get; init; }

    /// <summary>For the user's own equations: the unit their t is in (<c>h</c> when B is in µm²/h); null: seconds.</summary>
    public string? EquationTimeUnit { get; init; }

    /// <summary>True when t1 was chosen by the reader, not given: the solver may integrate further to reach a time asked for.</summary>
    public bool ExtendToAnswer { get; init; }

    /// <summary>Values the reader derived from the ones given, in words ("Ea = 95.6 kJ/mol from the two rate constants"), for the answer.</summary>
    public IReadOnlyList<string> Derived { get; init; } = [];

    /// <summary>Values the user gave that no parameter took (ask's <c>not_used</c>).</summary>
    public IReadOnlyList<string> Unused { get; init; } = [];
}

/// <summary>The planner's reading of one user message.</summary>
/// <param name="Intent">Which tool the request needs.</param>
/// <param name="Text">The message.</param>
/// <param name="Subject">For FAQs, the term asked about (<c>CDVAE</c> in "What is CDVAE?").</param>
/// <param name="Formulas">Formulas found in the text (for screening).</param>
/// <param name="Design">Slots of a design request.</param>
/// <param name="Solve">Slots of a solving request.</param>
/// <param name="MissingQuestion">When something needed is missing, the question to ask instead of calling a tool.</param>
/// <param name="NotUsed">Words or phrases of the request that no slot took (ask's <c>not_used</c>).</param>
public sealed record ParsedRequest(
    RequestIntent Intent,
    string Text,
    string? Subject,
    IReadOnlyList<string> Formulas,
    DesignSlots? Design,
    SolveSlots? Solve,
    string? MissingQuestion,
    IReadOnlyList<string>? NotUsed = null)
{
    /// <summary>Sentences on how words of the request were read (a formula typed in lower case); none by default.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>How the intent was decided, when the sentence encoder decided it (a sentence for the answer); null otherwise.</summary>
    public string? IntentNote { get; init; }

    /// <summary>The text the slots were read from when it is not the message alone (a follow-up completed or changed an earlier request); null otherwise.</summary>
    public string? ReadFrom { get; init; }

    /// <summary>For a follow-up that re-ran an earlier request with changed values: what changed, in one sentence; null otherwise.</summary>
    public string? FollowUpNote { get; init; }

    /// <summary>For such a follow-up: the names of the solver's values that changed (<c>T</c>, <c>Ea</c>); none otherwise.</summary>
    public IReadOnlyList<string> FollowUpChanged { get; init; } = [];
}

/// <summary>What the rules make of a request's intent.</summary>
/// <param name="Intent">The intent the rules choose.</param>
/// <param name="Sure">False when nothing fired but the faq fallback, or when the signals of more than one tool fired.</param>
/// <param name="Fired">The intents whose signals fired, in the rules' order of precedence; empty when only the fallback applied.</param>
public sealed record RuleReading(RequestIntent Intent, bool Sure, IReadOnlyList<RequestIntent> Fired);
