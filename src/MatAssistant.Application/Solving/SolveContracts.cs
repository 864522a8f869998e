using MatAssistant.Ode;

namespace MatAssistant.Application.Solving;

/// <summary>A value the user gave, with its unit as written and in SI (docs/contracts.md).</summary>
/// <param name="Name">The parameter it sets (a template parameter, or a name the equations use).</param>
/// <param name="Value">The number as given.</param>
/// <param name="Unit">The unit as given (<c>kJ/mol</c>, <c>°C</c>, <c>cm²/s</c>); null when none was written.</param>
/// <param name="Si">The value in SI units, which is what the solver uses.</param>
public sealed record GivenQuantity(string Name, double Value, string? Unit, double Si);

/// <summary>What the user asked of the solution, beyond the values at the end time (docs/contracts.md, <c>SolveQuery</c>).</summary>
/// <param name="Kind"><c>value_at</c> (a variable at <see cref="Time"/>), <c>time_when</c> (first time a variable reaches
/// <see cref="Value"/>), <c>half_life</c> (time to half the initial value), <c>time_to_fraction</c> (time until the variable
/// has fallen to <see cref="Fraction"/> of its initial value: 0.1 for t90 of a decay), <c>depth_where</c> (diffusion: the
/// depth where (c − c0)/(cs − c0) falls to <see cref="Fraction"/> at the end time).</param>
/// <param name="Variable">The unknown asked about (default: the first).</param>
/// <param name="Value">For <c>time_when</c>, the level in SI units.</param>
/// <param name="Time">For <c>value_at</c>, the time in SI units.</param>
/// <param name="Fraction">For <c>time_to_fraction</c> and <c>depth_where</c>.</param>
/// <param name="Direction">For <c>time_when</c>: <c>up</c>, <c>down</c> or <c>either</c> (default).</param>
/// <param name="Unit">The unit the user used for the answer (<c>°C</c>, <c>min</c>, <c>µm</c>), so it can be given back in it.</param>
/// <param name="Depth">For a diffusion profile: the position x (m) that <c>time_when</c> watches (default 0, the surface or the
/// centre of a slab) or that <c>value_at_depth</c> reads. <c>peak</c> (an ODE unknown's maximum: when and how high) and
/// <c>converted_at</c> (1 − y(t)/y(0) at <see cref="Time"/>) take no depth.</param>
public sealed record SolveQuery(string Kind, string? Variable = null, double? Value = null, double? Time = null, double? Fraction = null, string? Direction = null, string? Unit = null, double? Depth = null);

/// <summary>The answer to one query.</summary>
/// <param name="Query">The query.</param>
/// <param name="Value">The answer in SI units, or null when it was not reached; then <see cref="Note"/> says why.</param>
/// <param name="Unit">The SI unit of <see cref="Value"/>.</param>
/// <param name="Text">The answer in words, in the user's unit with SI beside it.</param>
/// <param name="Note">Why there is no value (not reached between t0 and t1), or how it was found.</param>
public sealed record QueryAnswer(SolveQuery Query, double? Value, string? Unit, string Text, string? Note);

/// <summary>
/// A problem to solve (docs/contracts.md, <c>SolveRequest</c>): either equations with parameters and initial values, or a
/// template (a named materials model) with its parameters.
/// </summary>
/// <param name="Equations">Equations such as <c>dy/dt = -k*y</c>.</param>
/// <param name="Template">A template name (<c>fick</c>, <c>arrhenius</c>, <c>newton-cooling</c>, …).</param>
/// <param name="Parameters">Parameters as <c>name=value</c>; a value may be an expression of constants and earlier parameters.</param>
/// <param name="Quantities">Values the user gave with units, already in SI; they override <see cref="Parameters"/> of the same name.</param>
/// <param name="Initial">Initial values as <c>name=value</c> (equations only).</param>
/// <param name="T0">Start time (default 0).</param>
/// <param name="T1">End time; required for equations, a template has a default.</param>
/// <param name="Queries">Derived answers asked for.</param>
/// <param name="Method"><c>auto</c> (default), <c>nonstiff</c>, <c>stiff</c>, <c>bdf</c>, <c>dop853</c> or <c>radau</c> (<see cref="MatAssistant.Ode.Solvers.OdeMethodNames"/>).</param>
/// <param name="Jacobian"><c>symbolic</c> (default) or <c>fd</c>.</param>
/// <param name="Rtol">Relative tolerance (default 1e-8).</param>
/// <param name="Atol">Absolute tolerance (default 1e-12, or the template's).</param>
/// <param name="Points">Output times (default 101; 6 profiles for diffusion).</param>
/// <param name="Times">Explicit output times.</param>
/// <param name="LogTime">Logarithmic output times.</param>
/// <param name="MaxSteps">Step limit (default 500,000).</param>
/// <param name="Plot">Write a plot here (.png or .svg); null for none.</param>
/// <param name="Csv">Write the solution here as CSV; null for none.</param>
/// <param name="TimeUnit">The unit of t in the user's own equations (<c>h</c> when the rate constants are per hour); null: s.</param>
/// <param name="ExtendToAnswer">When a time asked for (<c>time_when</c>, <c>time_to_fraction</c>, <c>half_life</c>) is not
/// reached by t1, solve again to 4·t1, up to 8 times, and say so in the assumptions; for callers whose t1 was a guess.</param>
public sealed record SolveRequest(
    IReadOnlyList<string>? Equations = null,
    string? Template = null,
    IReadOnlyList<string>? Parameters = null,
    IReadOnlyList<GivenQuantity>? Quantities = null,
    IReadOnlyList<string>? Initial = null,
    double T0 = 0,
    double? T1 = null,
    IReadOnlyList<SolveQuery>? Queries = null,
    string Method = "auto",
    string Jacobian = "symbolic",
    double? Rtol = null,
    double? Atol = null,
    int? Points = null,
    IReadOnlyList<double>? Times = null,
    bool LogTime = false,
    int? MaxSteps = null,
    string? Plot = null,
    string? Csv = null,
    string? TimeUnit = null,
    bool ExtendToAnswer = false);

/// <summary>
/// A diffusion profile at t1 summarised: where c − c0 falls to a half and a tenth of cs − c0, and the diffusion length
/// √(D·t1) (the scale of every erfc profile; null when the problem has no constant D).
/// </summary>
public sealed record DiffusionSummary(double Time, double? DepthHalf, double? DepthTenth, double? DiffusionLength = null);

/// <summary>What <c>SolveProblem</c> returns (docs/contracts.md, <c>SolveResult</c>).</summary>
public sealed record SolveResult : IUnderstood, IHasArtifacts
{
    public string Schema { get; init; } = ContractJson.Schema;

    /// <summary>What was solved.</summary>
    public required string Title { get; init; }

    /// <summary>The template's name; null for the user's equations.</summary>
    public string? Template { get; init; }

    public required IReadOnlyList<string> Equations { get; init; }

    /// <summary>Every parameter the solver used, in SI (defaults included; see <see cref="Assumptions"/>).</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>The values the user gave, with units as given.</summary>
    public required IReadOnlyList<GivenQuantity> Given { get; init; }

    /// <summary>Units of the unknowns, t and x, where known.</summary>
    public required IReadOnlyDictionary<string, string> Units { get; init; }

    public required IReadOnlyList<string> Variables { get; init; }

    public required double T0 { get; init; }

    public required double T1 { get; init; }

    /// <summary>Output times (ODEs) or profile times (diffusion).</summary>
    public required IReadOnlyList<double> T { get; init; }

    /// <summary>Diffusion: the grid.</summary>
    public IReadOnlyList<double>? X { get; init; }

    /// <summary>Diffusion: the field's profile at each output time (empty for ODEs).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<double[]>> Profiles { get; init; }

    /// <summary>Diffusion: the field's profile at t1.</summary>
    public IReadOnlyDictionary<string, double[]>? FinalProfile { get; init; }

    /// <summary>ODEs: each unknown at the output times.</summary>
    public required IReadOnlyDictionary<string, double[]> Values { get; init; }

    /// <summary>ODEs: each unknown at t1.</summary>
    public required IReadOnlyDictionary<string, double> Final { get; init; }

    /// <summary>The answers to the queries, in order.</summary>
    public required IReadOnlyList<QueryAnswer> Answers { get; init; }

    /// <summary>Diffusion: the depths at which the profile falls to a half and a tenth.</summary>
    public DiffusionSummary? Diffusion { get; init; }

    public required string Method { get; init; }

    public required bool Stiff { get; init; }

    public double? SwitchTime { get; init; }

    public required long Steps { get; init; }

    public required long RejectedSteps { get; init; }

    public required long FunctionEvaluations { get; init; }

    public required long JacobianEvaluations { get; init; }

    public required long LuDecompositions { get; init; }

    public string? Jacobian { get; init; }

    public required double Rtol { get; init; }

    public required double Atol { get; init; }

    /// <summary>The closed form checked against, and the largest difference from it.</summary>
    public AnalyticComparison? Analytic { get; init; }

    /// <summary>Every default used, named (a template parameter not given, the tolerances).</summary>
    public required IReadOnlyList<string> Assumptions { get; init; }

    /// <summary>Values of the request that the model does not use.</summary>
    public required IReadOnlyList<string> Ignored { get; init; }

    public string? Plot { get; init; }

    public string? Csv { get; init; }

    public required double Seconds { get; init; }

    public required string Understood { get; init; }

    public IReadOnlyList<string> Artifacts => new[] { Plot, Csv }.OfType<string>().ToArray();
}
