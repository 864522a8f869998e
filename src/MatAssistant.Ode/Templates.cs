using System.Globalization;
using MathNet.Numerics;
using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode;

/// <summary>Whether a template is an ODE system or a 1-D diffusion problem.</summary>
public enum TemplateKind
{
    Ode,
    Diffusion,
}

/// <summary>A template parameter: name, default, unit and meaning.</summary>
public sealed record TemplateParameter(string Name, double Default, string Unit, string Description);

/// <summary>
/// A ready-made model of a question materials scientists ask, with its equation, units and defaults. Every parameter
/// can be overridden by name; <c>t1</c> is the end time. Where a closed form exists, <see cref="Analytic"/> gives the
/// first unknown (for diffusion: c(x, t)) so that answers can be checked.
/// </summary>
public sealed record OdeTemplate
{
    public required string Name { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public required TemplateKind Kind { get; init; }

    /// <summary>The model's equations as text (for diffusion, a description of the PDE and its boundaries).</summary>
    public required IReadOnlyList<string> Equations { get; init; }

    public required IReadOnlyList<TemplateParameter> Parameters { get; init; }

    /// <summary>Initial value of each unknown as an expression of the parameters (ODE templates).</summary>
    public IReadOnlyDictionary<string, string> InitialValues { get; init; } = new Dictionary<string, string>();

    /// <summary>Units of the unknowns and of t (and x for diffusion), for plot axes.</summary>
    public required IReadOnlyDictionary<string, string> Units { get; init; }

    /// <summary>The closed-form solution as text, when there is one.</summary>
    public string? AnalyticFormula { get; init; }

    /// <summary>
    /// Why resolved parameters make no physical sense (a negative thickness, a rate constant of the wrong sign), or null
    /// when they do; <see cref="CreateProblem"/> refuses them with this sentence instead of integrating nonsense.
    /// </summary>
    public Func<IReadOnlyDictionary<string, double>, string?>? Check { get; init; }

    /// <summary>Closed form of the first unknown at (t, x) from the resolved parameters, or null.</summary>
    public Func<IReadOnlyDictionary<string, double>, double, double, double>? Analytic { get; init; }

    /// <summary>Builds the diffusion problem from resolved parameters (diffusion templates).</summary>
    public Func<IReadOnlyDictionary<string, double>, DiffusionProblem>? BuildDiffusion { get; init; }

    /// <summary>Suggested spacing of output times (log for kinetics over decades).</summary>
    public OutputSpacing Spacing { get; init; } = OutputSpacing.Linear;

    /// <summary>Suggested absolute tolerance, when the default does not suit the magnitudes involved.</summary>
    public double? AbsoluteTolerance { get; init; }

    /// <summary>Defaults overridden by <paramref name="overrides"/>; throws <see cref="ExpressionException"/> for an unknown name.</summary>
    public IReadOnlyDictionary<string, double> Resolve(IReadOnlyDictionary<string, double>? overrides)
    {
        var values = Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);
        foreach (var (name, value) in overrides ?? new Dictionary<string, double>())
        {
            if (!values.ContainsKey(name))
            {
                throw new ExpressionException($"template {Name} has no parameter '{name}'; its parameters are: {string.Join(", ", Parameters.Select(p => p.Name))}", -1);
            }

            if (!double.IsFinite(value))
            {
                throw new ExpressionException($"parameter {name} must be a finite number", -1);
            }

            values[name] = value;
        }

        return values;
    }

    /// <summary>The ODE problem with <paramref name="overrides"/> applied (ODE templates).</summary>
    public OdeProblem CreateProblem(IReadOnlyDictionary<string, double>? overrides = null)
    {
        if (Kind != TemplateKind.Ode)
        {
            throw new InvalidOperationException($"{Name} is a diffusion template: use CreateDiffusion");
        }

        var values = Resolve(overrides);
        if (Check?.Invoke(values) is { } why)
        {
            throw new ExpressionException($"template {Name}: {why}", -1);
        }

        var initial = InitialValues.ToDictionary(
            p => p.Key,
            p => ExpressionCompiler.CompileScalar(ExpressionParser.Parse(p.Value), n =>
                values.TryGetValue(n.Name, out var v) ? new NameBinding.Constant(v)
                : PhysicalConstants.TryGet(n.Name, out var c) ? new NameBinding.Constant(c)
                : throw new ExpressionException($"unknown name '{n.Name}'", n.Position))(0, []),
            StringComparer.Ordinal);
        var parameters = values.Where(p => p.Key != "t1").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return OdeProblem.Parse(Equations, parameters, initial, 0, values["t1"]);
    }

    /// <summary>The diffusion problem with <paramref name="overrides"/> applied (diffusion templates).</summary>
    public DiffusionProblem CreateDiffusion(IReadOnlyDictionary<string, double>? overrides = null) =>
        BuildDiffusion is null
            ? throw new InvalidOperationException($"{Name} is an ODE template: use CreateProblem")
            : BuildDiffusion(Resolve(overrides));
}

/// <summary>The built-in templates, by name.</summary>
public static class OdeTemplates
{
    private static string Invalid(string what, string must, double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} must be {must}, got {value:G4}");

    // A semi-infinite solid on [0, depth]: the surface held at `surface`, the far end and the start at `initial`; depth
    // 10·√(D·t1) by default, where erfc(5) ≈ 1.5e-12 leaves the far end untouched.
    private static DiffusionProblem SemiInfinite(IReadOnlyDictionary<string, double> p, string diffusivity, string surface, string initial, string field) => new()
    {
        Diffusivity = p[diffusivity],
        Length = p["depth"] > 0 ? p["depth"] : 10 * Math.Sqrt(p[diffusivity] * p["t1"]),
        T1 = p["t1"],
        Nodes = (int)Math.Round(p["nodes"]),
        Initial = initial,
        Left = Boundary.Dirichlet(surface),
        Right = Boundary.Dirichlet(initial),
        Parameters = p,
        Field = field,
    };

    /// <summary>Half of a plate of half-thickness L from its symmetric centre (x = 0) to the face (x = L) with <paramref name="face"/>.</summary>
    private static DiffusionProblem HalfPlate(IReadOnlyDictionary<string, double> p, Boundary face) => new()
    {
        Diffusivity = p["alpha"],
        Length = p["L"],
        T1 = p["t1"],
        Nodes = (int)Math.Round(p["nodes"]),
        Initial = "T0",
        Field = "T",
        Left = Boundary.Neumann(),
        Right = face,
        Parameters = p,
    };

    /// <summary>
    /// θ = (T − Ts)/(T0 − Ts) of a plate with its faces held at Ts, at Fourier number <paramref name="fourier"/> = αt/L² and
    /// ξ = x/L: the Fourier series, summed until a term's decay factor is below 1e-17 (many terms only at tiny Fo).
    /// </summary>
    internal static double PlateSeries(double fourier, double xi)
    {
        var sum = 0.0;
        for (var n = 0; n < 100_000; n++)
        {
            var m = ((2 * n) + 1) * Math.PI / 2;
            var decay = Math.Exp(-m * m * fourier);
            if (decay < 1e-17)
            {
                break;
            }

            sum += (n % 2 == 0 ? 2 : -2) / m * Math.Cos(m * xi) * decay;
        }

        return sum;
    }

    public static IReadOnlyList<OdeTemplate> All { get; } =
    [
        new OdeTemplate
        {
            Name = "fick",
            Title = "Fick's second law, constant surface concentration (carburizing, nitriding, dopant drive-in)",
            Description = "Diffusion into a semi-infinite solid whose surface is held at cs from t = 0: c_t = D c_xx, c(0, t) = cs, "
                + "c(x, 0) = c0. Solved on [0, depth] with depth = 10·√(D·t1) by default, far enough that the far end does not matter.",
            Kind = TemplateKind.Diffusion,
            Equations = ["c_t = D*c_xx", "c(0, t) = cs", "c(depth, t) = c0", "c(x, 0) = c0"],
            Parameters =
            [
                new("D", 2.5e-11, "m²/s", "diffusivity (carbon in austenite near 1000 °C: about 1e-11 to 3e-11)"),
                new("cs", 1.0, "any (wt%, mol/m³)", "surface concentration"),
                new("c0", 0.0, "same as cs", "initial (bulk) concentration"),
                new("t1", 3600, "s", "diffusion time"),
                new("depth", 0, "m", "domain depth; 0 means 10·√(D·t1)"),
                new("nodes", 201, "1", "grid nodes"),
            ],
            Units = new Dictionary<string, string> { ["c"] = "concentration", ["t"] = "s", ["x"] = "m" },
            AnalyticFormula = "c = c0 + (cs − c0)·erfc(x / (2√(D t)))",
            Analytic = (p, t, x) => p["c0"] + ((p["cs"] - p["c0"]) * SpecialFunctions.Erfc(x / (2 * Math.Sqrt(p["D"] * t)))),
            BuildDiffusion = p => SemiInfinite(p, "D", "cs", "c0", "c"),
        },
        new OdeTemplate
        {
            Name = "heat-semi-infinite",
            Title = "Heating or cooling of a semi-infinite solid whose surface is held at a temperature: 1-D heat conduction",
            Description = "A thick body (a wall, a block, the ground) at Ti whose surface x = 0 is held at Ts from t = 0: "
                + "T_t = alpha T_xx, T(0, t) = Ts, T(x, 0) = Ti; Fick's problem for heat. Solved on [0, depth] with depth = "
                + "10·√(alpha·t1) by default, far enough that the far end does not matter.",
            Kind = TemplateKind.Diffusion,
            Equations = ["T_t = alpha*T_xx", "T(0, t) = Ts", "T(depth, t) = Ti", "T(x, 0) = Ti"],
            Parameters =
            [
                new("alpha", 1.2e-5, "m²/s", "thermal diffusivity k/(ρ·cp) (carbon steel about 1.2e-5)"),
                new("Ts", 373.15, "K", "temperature the surface is held at"),
                new("Ti", 293.15, "K", "initial temperature"),
                new("t1", 60, "s", "time"),
                new("depth", 0, "m", "domain depth; 0 means 10·√(alpha·t1)"),
                new("nodes", 201, "1", "grid nodes"),
            ],
            Units = new Dictionary<string, string> { ["T"] = "K", ["t"] = "s", ["x"] = "m" },
            AnalyticFormula = "T = Ts + (Ti − Ts)·erf(x / (2√(alpha t)))",
            Analytic = (p, t, x) => p["Ts"] + ((p["Ti"] - p["Ts"]) * (1 - SpecialFunctions.Erfc(x / (2 * Math.Sqrt(p["alpha"] * t))))),
            BuildDiffusion = p => SemiInfinite(p, "alpha", "Ts", "Ti", "T"),
        },
        new OdeTemplate
        {
            Name = "heat-slab",
            Title = "Cooling of a plate (quenching): 1-D heat conduction with surface heat transfer",
            Description = "Half of a plate of half-thickness L, symmetric at x = 0, losing heat at x = L to surroundings at Tinf: "
                + "T_t = alpha T_xx, ∂T/∂x(0) = 0, −k ∂T/∂x(L) = h (T − Tinf), T(x, 0) = T0.",
            Kind = TemplateKind.Diffusion,
            Equations = ["T_t = alpha*T_xx", "dT/dx(0, t) = 0", "-k*dT/dx(L, t) = h*(T - Tinf)", "T(x, 0) = T0"],
            Parameters =
            [
                new("alpha", 1.2e-5, "m²/s", "thermal diffusivity k/(ρ·cp) (carbon steel about 1.2e-5)"),
                new("k", 45, "W/(m·K)", "thermal conductivity"),
                new("h", 500, "W/(m²·K)", "surface heat-transfer coefficient (still air ~10, oil quench ~500–2000, water ~5000)"),
                new("L", 0.01, "m", "half-thickness"),
                new("T0", 1123.15, "K", "initial temperature"),
                new("Tinf", 293.15, "K", "temperature of the surroundings"),
                new("t1", 120, "s", "cooling time"),
                new("nodes", 101, "1", "grid nodes"),
            ],
            Units = new Dictionary<string, string> { ["T"] = "K", ["t"] = "s", ["x"] = "m" },
            BuildDiffusion = p => HalfPlate(p, Boundary.Robin(p["h"], p["k"], "h*Tinf")),
        },
        new OdeTemplate
        {
            Name = "heat-plate",
            Title = "Heating or cooling of a plate whose faces are held at a fixed temperature: 1-D heat conduction",
            Description = "Half of a plate of half-thickness L, symmetric at x = 0, its face x = L held at Ts from t = 0 (the limit "
                + "h → ∞ of heat-slab: a salt bath, a quench with vigorous agitation, a furnace wall at a set point): "
                + "T_t = alpha T_xx, ∂T/∂x(0) = 0, T(L, t) = Ts, T(x, 0) = T0.",
            Kind = TemplateKind.Diffusion,
            Equations = ["T_t = alpha*T_xx", "dT/dx(0, t) = 0", "T(L, t) = Ts", "T(x, 0) = T0"],
            Parameters =
            [
                new("alpha", 1.2e-5, "m²/s", "thermal diffusivity k/(ρ·cp) (carbon steel about 1.2e-5)"),
                new("L", 0.01, "m", "half-thickness"),
                new("T0", 293.15, "K", "initial temperature"),
                new("Ts", 573.15, "K", "temperature the faces are held at"),
                new("t1", 60, "s", "time"),
                new("nodes", 101, "1", "grid nodes"),
            ],
            Units = new Dictionary<string, string> { ["T"] = "K", ["t"] = "s", ["x"] = "m" },
            AnalyticFormula = "T = Ts + (T0 − Ts)·Σ 4(−1)^n/((2n+1)π)·cos((2n+1)πx/(2L))·exp(−(2n+1)²π²·alpha·t/(4L²))",
            Analytic = (p, t, x) => p["Ts"] + ((p["T0"] - p["Ts"]) * PlateSeries(p["alpha"] * t / (p["L"] * p["L"]), x / p["L"])),
            BuildDiffusion = p => HalfPlate(p, Boundary.Dirichlet("Ts")),
        },
        new OdeTemplate
        {
            Name = "arrhenius",
            Title = "First-order reaction with Arrhenius rate (decomposition, precipitation kinetics, degradation)",
            Description = "dc/dt = −A·exp(−Ea/(R·T))·c with T = T0 + beta·t (beta = 0: isothermal; beta > 0: constant heating rate).",
            Kind = TemplateKind.Ode,
            Equations = ["dc/dt = -A*exp(-Ea/(R*(T0 + beta*t)))*c"],
            Parameters =
            [
                new("A", 1e10, "1/s", "pre-exponential factor"),
                new("Ea", 2.5e5, "J/mol", "activation energy"),
                new("T0", 1000, "K", "temperature (at t = 0)"),
                new("beta", 0, "K/s", "heating rate"),
                new("c0", 1, "any", "initial concentration"),
                new("t1", 3600, "s", "end time"),
            ],
            InitialValues = new Dictionary<string, string> { ["c"] = "c0" },
            Units = new Dictionary<string, string> { ["c"] = "concentration", ["t"] = "s" },
            AnalyticFormula = "isothermal (beta = 0): c = c0·exp(−A·exp(−Ea/(R·T0))·t)",
            Analytic = (p, t, _) => p["beta"] == 0 ? p["c0"] * Math.Exp(-p["A"] * Math.Exp(-p["Ea"] / (8.314462618 * p["T0"])) * t) : double.NaN,
        },
        new OdeTemplate
        {
            Name = "nth-order",
            Title = "n-th-order reaction kinetics",
            Description = "dc/dt = −k·c^n while c > 0 (an order below 1, zero-order kinetics included, uses the reactant up in a finite time c0^(1−n)/((1−n)·k), after which it stays at 0).",
            Kind = TemplateKind.Ode,
            // max(c, 0)·step(c): for n < 1 the reactant runs out in finite time, and without the guard c would go on
            // falling below 0 (zero order: dc/dt = −k whatever c) or c^n would be NaN for a fractional n.
            Equations = ["dc/dt = -k*max(c,0)^n*step(c)"],
            Parameters =
            [
                new("k", 0.01, "(concentration)^(1−n)/s", "rate constant"),
                new("n", 2, "1", "reaction order"),
                new("c0", 1, "any", "initial concentration"),
                new("t1", 1000, "s", "end time"),
            ],
            InitialValues = new Dictionary<string, string> { ["c"] = "c0" },
            Units = new Dictionary<string, string> { ["c"] = "concentration", ["t"] = "s" },
            AnalyticFormula = "n = 1: c = c0·e^(−k t); otherwise c = (c0^(1−n) + (n − 1)·k·t)^(1/(1−n)), 0 once the base reaches 0 (n < 1)",
            Analytic = (p, t, _) => p["n"] == 1 ? p["c0"] * Math.Exp(-p["k"] * t) : Math.Pow(Math.Max(0, Math.Pow(p["c0"], 1 - p["n"]) + ((p["n"] - 1) * p["k"] * t)), 1 / (1 - p["n"])),
        },
        new OdeTemplate
        {
            Name = "jmak",
            Title = "JMAK (Johnson–Mehl–Avrami–Kolmogorov) isothermal phase transformation",
            Description = "Transformed fraction X with dX/dt = n·k·(k·t)^(n−1)·(1 − X), X(0) = 0; needs n ≥ 1 (for n < 1 the rate is infinite at t = 0).",
            Kind = TemplateKind.Ode,
            Equations = ["dX/dt = n*k*(k*t)^(n-1)*(1 - X)"],
            Parameters =
            [
                new("k", 1e-3, "1/s", "rate constant"),
                new("n", 2.5, "1", "Avrami exponent (≥ 1)"),
                new("t1", 3000, "s", "end time"),
            ],
            InitialValues = new Dictionary<string, string> { ["X"] = "0" },
            Units = new Dictionary<string, string> { ["X"] = "fraction", ["t"] = "s" },
            AnalyticFormula = "X = 1 − exp(−(k t)^n)",
            Analytic = (p, t, _) => 1 - Math.Exp(-Math.Pow(p["k"] * t, p["n"])),
        },
        new OdeTemplate
        {
            Name = "newton-cooling",
            Title = "Newton's law of cooling (lumped body, small Biot number)",
            Description = "dT/dt = −k·(T − Tenv) with k = h·A/(m·cp).",
            Kind = TemplateKind.Ode,
            Equations = ["dT/dt = -k*(T - Tenv)"],
            Parameters =
            [
                new("k", 0.01, "1/s", "h·A/(m·cp)"),
                new("Tenv", 293.15, "K", "surroundings"),
                new("T0", 1273.15, "K", "initial temperature"),
                new("t1", 600, "s", "end time"),
            ],
            InitialValues = new Dictionary<string, string> { ["T"] = "T0" },
            Units = new Dictionary<string, string> { ["T"] = "K", ["t"] = "s" },
            AnalyticFormula = "T = Tenv + (T0 − Tenv)·e^(−k t)",
            Analytic = (p, t, _) => p["Tenv"] + ((p["T0"] - p["Tenv"]) * Math.Exp(-p["k"] * t)),
        },
        new OdeTemplate
        {
            Name = "parabolic-growth",
            Title = "Linear–parabolic layer growth (Deal–Grove oxidation, diffusion-controlled scales and intermetallic layers)",
            Description = "Layer thickness x with dx/dt = B/(A + 2x), i.e. x² + A·x = B·t + x0² + A·x0: parabolic x² = B·t (B = kp) when A = 0, linear x = (B/A)·t while x ≪ A.",
            Kind = TemplateKind.Ode,
            Equations = ["dx/dt = B/(A + 2*x)"],
            Parameters =
            [
                new("B", 1e-16, "m²/s", "parabolic rate constant kp (x² = kp·t)"),
                new("A", 0, "m", "linear term: A = B/(B/A) of Deal–Grove; 0 for purely parabolic growth"),
                // The parabolic law is singular at x = 0 (an infinite rate): growth starts from a native layer.
                new("x0", 1e-9, "m", "initial thickness (a native layer; 1 nm)"),
                new("t1", 3600, "s", "end time"),
            ],
            InitialValues = new Dictionary<string, string> { ["x"] = "x0" },
            Units = new Dictionary<string, string> { ["x"] = "m", ["t"] = "s" },
            Check = p => p["B"] <= 0 ? Invalid("B, the parabolic rate constant,", "positive", p["B"])
                : p["A"] < 0 ? Invalid("A (B divided by the linear rate constant B/A)", "0 or more", p["A"])
                : p["x0"] < 0 ? Invalid("x0, the initial thickness,", "0 or more", p["x0"])
                : p["x0"] == 0 && p["A"] == 0 ? "x0 must be positive when A = 0: the parabolic law grows at an infinite rate from x = 0; give the native layer (e.g. x0 = 1e-9 m)"
                : null,
            // Thicknesses are nm to µm in metres: the default absolute tolerance would accept any of them.
            AbsoluteTolerance = 1e-15,
            AnalyticFormula = "x = (−A + √(A² + 4·(x0² + A·x0 + B·t)))/2",
            Analytic = (p, t, _) => (-p["A"] + Math.Sqrt((p["A"] * p["A"]) + (4 * ((p["x0"] * p["x0"]) + (p["A"] * p["x0"]) + (p["B"] * t))))) / 2,
        },
        new OdeTemplate
        {
            Name = "robertson",
            Title = "Robertson's stiff chemical kinetics (the classic stiff benchmark)",
            Description = "Three species with rates spanning 9 orders of magnitude; y1 + y2 + y3 = 1 is conserved.",
            Kind = TemplateKind.Ode,
            Equations = ["dy1/dt = -k1*y1 + k3*y2*y3", "dy2/dt = k1*y1 - k3*y2*y3 - k2*y2^2", "dy3/dt = k2*y2^2"],
            Parameters =
            [
                new("k1", 0.04, "1/s", "rate of y1 → y2"),
                new("k2", 3e7, "1/s", "rate of 2 y2 → y2 + y3"),
                new("k3", 1e4, "1/s", "rate of y2 + y3 → y1 + y3"),
                new("t1", 40, "s", "end time (the classic checks are t = 40 and t = 1e11)"),
            ],
            InitialValues = new Dictionary<string, string> { ["y1"] = "1", ["y2"] = "0", ["y3"] = "0" },
            Units = new Dictionary<string, string> { ["y1"] = "mole fraction", ["y2"] = "mole fraction", ["y3"] = "mole fraction", ["t"] = "s" },
            Spacing = OutputSpacing.Logarithmic,
            AbsoluteTolerance = 1e-14,
        },
    ];

    /// <summary>The template called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static OdeTemplate? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The template called <paramref name="name"/>; throws <see cref="ExpressionException"/> listing the names otherwise.</summary>
    public static OdeTemplate Get(string name) =>
        Find(name) ?? throw new ExpressionException($"no template '{name}'; templates: {string.Join(", ", All.Select(t => t.Name))}", -1);

    /// <summary>One line per parameter, for help texts and the agent's tool description.</summary>
    public static string Describe(OdeTemplate template) =>
        string.Join(Environment.NewLine, template.Parameters.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"  {p.Name} = {p.Default:G6} {p.Unit} — {p.Description}")));
}
