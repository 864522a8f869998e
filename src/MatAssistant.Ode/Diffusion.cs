using System.Globalization;
using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode;

/// <summary>Type of a boundary condition of <see cref="DiffusionProblem"/>.</summary>
public enum BoundaryKind
{
    /// <summary>Fixed value: c = g(t).</summary>
    Dirichlet,

    /// <summary>Fixed gradient: ∂c/∂x = g(t) (x increases to the right at both ends; 0 means no flux).</summary>
    Neumann,

    /// <summary>Mixed: a·c + b·∂c/∂x = g(t), b ≠ 0 (heat loss to surroundings, surface reaction).</summary>
    Robin,
}

/// <summary>
/// A boundary condition. <see cref="Value"/> is an expression of <c>t</c> and the problem's parameters.
/// Heat loss through the right end (−k ∂T/∂x = h (T − T∞)) is Robin with a = h, b = k, g = h·T∞; through the left end
/// (outward normal −x) it is a = h, b = −k, g = h·T∞.
/// </summary>
public sealed record Boundary(BoundaryKind Kind, string Value = "0", double A = 1, double B = 1)
{
    public static Boundary Dirichlet(string value) => new(BoundaryKind.Dirichlet, value);

    public static Boundary Neumann(string gradient = "0") => new(BoundaryKind.Neumann, gradient);

    public static Boundary Robin(double a, double b, string g) => new(BoundaryKind.Robin, g, a, b);
}

/// <summary>
/// 1-D diffusion or heat conduction c_t = D·c_xx + source(x, t, c) on [0, L], solved by the method of lines: second-order
/// central differences on <see cref="Nodes"/> equally spaced nodes (both ends included), ghost nodes for Neumann and
/// Robin ends, and the stiff solver with a tridiagonal Jacobian. Expressions may use the parameters and constants.
/// </summary>
public sealed record DiffusionProblem
{
    /// <summary>Diffusivity D (m²/s for SI; any consistent units).</summary>
    public required double Diffusivity { get; init; }

    /// <summary>Domain length L (m).</summary>
    public required double Length { get; init; }

    /// <summary>End time t1 (s).</summary>
    public required double T1 { get; init; }

    /// <summary>Start time (default 0).</summary>
    public double T0 { get; init; }

    /// <summary>Grid nodes including both ends (default 201).</summary>
    public int Nodes { get; init; } = 201;

    /// <summary>Initial profile c(x, t0), an expression of x (default "0").</summary>
    public string Initial { get; init; } = "0";

    /// <summary>Source term, an expression of x, t and c (default none).</summary>
    public string? Source { get; init; }

    /// <summary>Condition at x = 0 (default no flux).</summary>
    public Boundary Left { get; init; } = Boundary.Neumann();

    /// <summary>Condition at x = L (default no flux).</summary>
    public Boundary Right { get; init; } = Boundary.Neumann();

    /// <summary>Values of names used in the expressions.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Name of the field in results (default "c").</summary>
    public string Field { get; init; } = "c";
}

/// <summary>Profiles of a <see cref="DiffusionProblem"/>: <c>Profiles[k][i]</c> is c(X[i], Times[k]).</summary>
public sealed record DiffusionSolution(
    string Field,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Times,
    IReadOnlyList<double[]> Profiles,
    string Method,
    long Steps,
    long RejectedSteps,
    long FunctionEvaluations,
    long JacobianEvaluations,
    long Factorizations,
    double Seconds)
{
    /// <summary>Start time of the integration.</summary>
    public double T0 { get; init; }

    /// <summary>The profile at t1.</summary>
    public double[] Final => Profiles[^1];

    /// <summary>The solver's interpolant of the unknown nodes when <see cref="OdeOptions.DenseOutput"/> was set.</summary>
    public DenseOutput? Dense { get; init; }

    /// <summary>Unknown nodes at a time → the full profile (Dirichlet ends added).</summary>
    internal Func<double[], double, double[]>? Complete { get; init; }

    /// <summary>
    /// The profile at <paramref name="time"/>: an output time's own profile, else (with dense output) the interpolated
    /// one; null when neither is available.
    /// </summary>
    public double[]? ProfileAt(double time)
    {
        for (var k = 0; k < Times.Count; k++)
        {
            if (Times[k] == time)
            {
                return Profiles[k];
            }
        }

        return Dense is not null && Complete is not null && time >= Dense.T0 && time <= Dense.T1 ? Complete(Dense.Evaluate(time), time) : null;
    }
}

/// <summary>Solves <see cref="DiffusionProblem"/>s (method of lines + Rodas4 with a tridiagonal Jacobian).</summary>
public static class DiffusionSolver
{
    /// <summary>Solves or throws: <see cref="ExpressionException"/> for bad input, <see cref="OdeSolverException"/> for numerical failure.</summary>
    public static DiffusionSolution Solve(DiffusionProblem problem, OdeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new OdeOptions();
        var system = new DiffusionSystem(problem);
        // The method-of-lines spectrum reaches −4D/dx², so the problem is stiff by construction: auto would only waste
        // its first explicit steps discovering that.
        var stiffOptions = options with { Method = options.Method == OdeMethod.Auto ? OdeMethod.Stiff : options.Method };
        var result = Integrator.Integrate(system, problem.T0, system.InitialState(), problem.T1, stiffOptions, cancellationToken);
        var profiles = result.States.Select((state, k) => system.FullProfile(state, result.Times[k])).ToArray();
        return new DiffusionSolution(
            problem.Field, system.X, result.Times, profiles, result.Method, result.Steps, result.RejectedSteps,
            result.FunctionEvaluations, result.JacobianEvaluations, result.Factorizations, result.Seconds)
        {
            T0 = problem.T0,
            Dense = result.Dense,
            Complete = system.FullProfile,
        };
    }

    /// <summary>Solves without throwing; <paramref name="error"/> is one line.</summary>
    public static bool TrySolve(DiffusionProblem problem, OdeOptions? options, out DiffusionSolution? solution, out string? error)
    {
        try
        {
            solution = Solve(problem, options);
            error = null;
            return true;
        }
        catch (Exception e) when (e is ExpressionException or OdeSolverException or ArgumentException)
        {
            solution = null;
            error = e.Message;
            return false;
        }
    }
}

/// <summary>The semi-discrete system: unknowns are the nodes not fixed by Dirichlet conditions.</summary>
internal sealed class DiffusionSystem : IOdeSystem
{
    private readonly double d;
    private readonly double dx;
    private readonly int nodes;
    private readonly int first;
    private readonly Boundary left;
    private readonly Boundary right;
    private readonly Func<double, double[], double> leftValue;
    private readonly Func<double, double[], double> rightValue;
    private readonly Func<double, double[], double>? source;
    private readonly Func<double, double[], double>? sourceDerivative;
    private readonly Func<double, double[], double> initial;
    private readonly bool dependsOnTime;
    private readonly double[] aux = new double[2];

    public DiffusionSystem(DiffusionProblem p)
    {
        if (!(p.Diffusivity > 0) || !double.IsFinite(p.Diffusivity))
        {
            throw new ArgumentException($"the diffusivity must be positive, got {p.Diffusivity.ToString(CultureInfo.InvariantCulture)}");
        }

        if (!(p.Length > 0) || !double.IsFinite(p.Length))
        {
            throw new ArgumentException($"the length must be positive, got {p.Length.ToString(CultureInfo.InvariantCulture)}");
        }

        if (p.Nodes < 3 || p.Nodes > 100_000)
        {
            throw new ArgumentException($"nodes must be between 3 and 100000, got {p.Nodes}");
        }

        foreach (var b in new[] { p.Left, p.Right })
        {
            if (b.Kind == BoundaryKind.Robin && (b.B == 0 || !double.IsFinite(b.A) || !double.IsFinite(b.B)))
            {
                throw new ArgumentException("a Robin condition a·c + b·∂c/∂x = g needs a finite a and a non-zero b (b = 0 is Dirichlet)");
            }
        }

        d = p.Diffusivity;
        nodes = p.Nodes;
        dx = p.Length / (nodes - 1);
        left = p.Left;
        right = p.Right;
        first = left.Kind == BoundaryKind.Dirichlet ? 1 : 0;
        var last = right.Kind == BoundaryKind.Dirichlet ? nodes - 2 : nodes - 1;
        Dimension = last - first + 1;
        X = [.. Enumerable.Range(0, nodes).Select(i => p.Length * i / (nodes - 1))];
        Names = [.. Enumerable.Range(first, Dimension).Select(i => $"{p.Field} at x = {X[i].ToString("G6", CultureInfo.InvariantCulture)}")];

        var parameters = p.Parameters;
        string[] xtc = ["x", "t", p.Field];
        var leftExpr = Parse(left.Value, "the left boundary value", parameters, ["t"]);
        var rightExpr = Parse(right.Value, "the right boundary value", parameters, ["t"]);
        var initialExpr = Parse(p.Initial, "the initial profile", parameters, ["x"]);
        leftValue = Compile(leftExpr, parameters, p.Field);
        rightValue = Compile(rightExpr, parameters, p.Field);
        var resolver = Resolver(parameters, p.Field);
        initial = (t, nodeValues) => ExpressionCompiler.Evaluate(initialExpr, resolver, t, nodeValues);
        dependsOnTime = leftExpr.Reads("t") || rightExpr.Reads("t");
        if (p.Source is { Length: > 0 } sourceText)
        {
            var sourceExpr = Parse(sourceText, "the source term", parameters, xtc);
            source = Compile(sourceExpr, parameters, p.Field);
            sourceDerivative = Compile(Symbolic.Differentiate(sourceExpr, p.Field), parameters, p.Field);
            dependsOnTime |= sourceExpr.Reads("t");
        }
    }

    public int Dimension { get; }

    public IReadOnlyList<string> Names { get; }

    public double[] X { get; }

    public double[] InitialState()
    {
        var y = new double[Dimension];
        for (var k = 0; k < Dimension; k++)
        {
            y[k] = initial(0, [X[first + k], 0]);
        }

        return y;
    }

    /// <summary>All nodes at one output time: the unknowns plus the Dirichlet ends.</summary>
    public double[] FullProfile(double[] state, double t)
    {
        var full = new double[nodes];
        Array.Copy(state, 0, full, first, Dimension);
        if (left.Kind == BoundaryKind.Dirichlet)
        {
            full[0] = leftValue(t, aux);
        }

        if (right.Kind == BoundaryKind.Dirichlet)
        {
            full[^1] = rightValue(t, aux);
        }

        return full;
    }

    public void Evaluate(double t, double[] y, double[] dydt)
    {
        var k = d / (dx * dx);
        var n = Dimension;
        for (var j = 0; j < n; j++)
        {
            var i = first + j;
            var c = y[j];
            double west, east;
            if (j > 0)
            {
                west = y[j - 1];
            }
            else if (i == 0)
            {
                // Ghost node c(−dx) = c(dx) − 2dx·∂c/∂x(0).
                west = y[j + 1] - (2 * dx * Gradient(left, leftValue, t, c));
            }
            else
            {
                west = leftValue(t, aux);
            }

            if (j < n - 1)
            {
                east = y[j + 1];
            }
            else if (i == nodes - 1)
            {
                east = y[j - 1] + (2 * dx * Gradient(right, rightValue, t, c));
            }
            else
            {
                east = rightValue(t, aux);
            }

            var value = k * (west - (2 * c) + east);
            if (source is not null)
            {
                aux[0] = X[i];
                aux[1] = c;
                value += source(t, aux);
            }

            dydt[j] = value;
        }
    }

    // The exact tridiagonal Jacobian in band storage; boundary values and sources of t get ∂f/∂t by a forward difference.
    public IJacobian CreateJacobian(bool useAnalytic) => new BandedJacobian(Dimension, 1, 1, Evaluate, Diagonals, null, dependsOnTime, "tridiagonal");

    private static double Gradient(Boundary b, Func<double, double[], double> value, double t, double c) =>
        b.Kind == BoundaryKind.Neumann ? value(t, []) : (value(t, []) - (b.A * c)) / b.B;

    private void Diagonals(double t, double[] y, double[] unused, double[] band)
    {
        var k = d / (dx * dx);
        var n = Dimension;
        for (var j = 0; j < n; j++)
        {
            var i = first + j;
            var diag = -2 * k;
            if (j < n - 1)
            {
                band[LuDecomposition.BandIndex(j, j + 1, 1, 1)] = i == 0 ? 2 * k : k;
            }

            if (j > 0)
            {
                band[LuDecomposition.BandIndex(j, j - 1, 1, 1)] = i == nodes - 1 ? 2 * k : k;
            }

            if (i == 0 && left.Kind == BoundaryKind.Robin)
            {
                diag += 2 * dx * k * left.A / left.B;
            }

            if (i == nodes - 1 && right.Kind == BoundaryKind.Robin)
            {
                diag -= 2 * dx * k * right.A / right.B;
            }

            if (sourceDerivative is not null)
            {
                aux[0] = X[i];
                aux[1] = y[j];
                diag += sourceDerivative(t, aux);
            }

            band[LuDecomposition.BandIndex(j, j, 1, 1)] = diag;
        }
    }

    private static Expr Parse(string text, string what, IReadOnlyDictionary<string, double> parameters, string[] allowed)
    {
        Expr expr;
        try
        {
            expr = ExpressionParser.Parse(text);
        }
        catch (ExpressionException e)
        {
            throw new ExpressionException($"{what}: {e.Message}", e.Position);
        }

        foreach (var name in expr.Names())
        {
            if (!allowed.Contains(name.Name) && !parameters.ContainsKey(name.Name) && !PhysicalConstants.TryGet(name.Name, out _))
            {
                var known = allowed.Concat(parameters.Keys.Order(StringComparer.Ordinal)).Concat(PhysicalConstants.All.Select(c => c.Name));
                throw new ExpressionException($"{what}: unknown name '{name.Name}' at column {name.Position + 1} of '{text}'; known names: {string.Join(", ", known)}", name.Position);
            }
        }

        return expr;
    }

    private static Func<double, double[], double> Compile(Expr expr, IReadOnlyDictionary<string, double> parameters, string field) =>
        ExpressionCompiler.CompileScalar(expr, Resolver(parameters, field));

    private static Func<NameExpr, NameBinding> Resolver(IReadOnlyDictionary<string, double> parameters, string field) =>
        n =>
            n.Name == "x" ? new NameBinding.Auxiliary(0)
            : n.Name == field ? new NameBinding.Auxiliary(1)
            : n.Name == "t" ? new NameBinding.Independent()
            : parameters.TryGetValue(n.Name, out var v) ? new NameBinding.Constant(v)
            : PhysicalConstants.TryGet(n.Name, out var c) ? new NameBinding.Constant(c)
            : throw new ExpressionException($"unknown name '{n.Name}'", n.Position);
}
