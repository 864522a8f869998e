using System.Globalization;
using System.Text.RegularExpressions;
using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode;

/// <summary>
/// An initial-value problem read from equations such as <c>dy/dt = -k*y</c>, <c>y' = -k*y</c> or <c>x'' = -w^2*x</c>.
/// Higher-order equations are reduced to first order: <c>x'' = …</c> gives the unknowns <c>x</c> and <c>x'</c>, both of
/// which need an initial value. Names in right-hand sides resolve, in order, to unknowns, parameters, <c>t</c>, and the
/// constants of <see cref="PhysicalConstants"/>.
/// </summary>
public sealed partial class OdeProblem
{
    private OdeProblem(IReadOnlyList<string> variables, IReadOnlyList<string> equations, IReadOnlyDictionary<string, double> parameters, double[] initialValues, double t0, double t1, CompiledOdeSystem system)
    {
        Variables = variables;
        Equations = equations;
        Parameters = parameters;
        InitialValues = initialValues;
        T0 = t0;
        T1 = t1;
        System = system;
    }

    /// <summary>Unknowns of the first-order system, in equation order (x, x' for a second-order x).</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>The first-order equations, one per unknown, as <c>d(name)/dt = expression</c>.</summary>
    public IReadOnlyList<string> Equations { get; }

    /// <summary>
    /// Auxiliary definitions as <c>name = expression</c> (<c>r1 = k1*y1</c>), in the order given: lines without a
    /// derivative on the left that equations (and other definitions) use. They are substituted into the equations, so
    /// the symbolic Jacobian differentiates through them.
    /// </summary>
    public IReadOnlyList<string> Definitions { get; private init; } = [];

    /// <summary>Parameter values.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>Initial values in the order of <see cref="Variables"/>.</summary>
    public IReadOnlyList<double> InitialValues { get; }

    public double T0 { get; }

    public double T1 { get; }

    /// <summary>The compiled right-hand side (and symbolic Jacobian on demand).</summary>
    public IOdeSystem System { get; }

    /// <summary>
    /// The right side of each first-order equation as a tree, in the order of <see cref="Variables"/>, with the
    /// definitions substituted (what is compiled and differentiated; for exporting the problem to other solvers).
    /// </summary>
    public IReadOnlyList<Expr> RightSides => ((CompiledOdeSystem)System).RightSides;

    /// <summary>Reads the equations; throws <see cref="ExpressionException"/> with a one-line message on bad input.</summary>
    public static OdeProblem Parse(IEnumerable<string> equations, IReadOnlyDictionary<string, double> parameters, IReadOnlyDictionary<string, double> initialValues, double t0, double t1)
    {
        ArgumentNullException.ThrowIfNull(equations);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(initialValues);
        var declared = new List<(string Name, int Order, Expr Rhs, string Text, int RhsOffset)>();
        foreach (var raw in equations)
        {
            var text = ExpressionParser.Normalize(raw.Trim());
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new ExpressionException($"'{text}' is not an equation: write it as dy/dt = expression or y' = expression", -1);
            }

            var leftText = text[..equals].Trim();
            var rhsText = text[(equals + 1)..];
            var isDefinition = NamePattern().IsMatch(leftText);
            var (name, order) = isDefinition ? (leftText, 0) : ReadLeftSide(leftText, text);
            Expr rhs;
            try
            {
                rhs = ExpressionParser.Parse(rhsText);
            }
            catch (ExpressionException e)
            {
                var column = equals + 1 + e.Position;
                throw new ExpressionException($"{e.Message.Split(" at column ")[0]} at column {column + 1} of '{text}'", column);
            }

            if (declared.Any(d => d.Name == name))
            {
                throw new ExpressionException(
                    declared.First(d => d.Name == name).Order == 0 || isDefinition
                        ? $"{name} is defined more than once; give one line per name"
                        : $"{name} has more than one equation; give one equation per unknown",
                    -1);
            }

            declared.Add((name, order, rhs, text, equals + 1));
        }

        // Auxiliary definitions (r1 = k1*y1) are not unknowns: they are substituted into the equations below.
        var definitions = declared.Where(d => d.Order == 0).ToList();
        declared.RemoveAll(d => d.Order == 0);

        if (declared.Count == 0 && definitions.Count > 0)
        {
            throw new ExpressionException($"'{definitions[0].Text}' is not a derivative but a definition of {definitions[0].Name}, and no line has a derivative: write d{definitions[0].Name}/dt = … or {definitions[0].Name}' = …", -1);
        }

        if (declared.Count == 0)
        {
            throw new ExpressionException("no equation given: write one such as dy/dt = -k*y", -1);
        }

        // Unknowns: x, x', …, x^(order-1) for each equation.
        var variables = new List<string>();
        var rhsList = new List<Expr>();
        var firstOrder = new List<string>();
        foreach (var (name, order, rhs, _, _) in declared)
        {
            for (var k = 0; k < order; k++)
            {
                var state = name + new string('\'', k);
                variables.Add(state);
                var isLast = k == order - 1;
                rhsList.Add(isLast ? rhs : new NameExpr(state + "'", -1));
            }
        }

        if (variables.Count > OdeLimits.MaxUnknowns)
        {
            throw new ExpressionException($"{variables.Count} unknowns is more than the {OdeLimits.MaxUnknowns} a system may have", -1);
        }

        foreach (var v in variables)
        {
            if (v is "t")
            {
                throw new ExpressionException("'t' is time and cannot be an unknown; rename the variable", -1);
            }

            if (parameters.ContainsKey(v))
            {
                throw new ExpressionException($"{v} is both an unknown and a parameter; remove --param {v}", -1);
            }

            if (definitions.Any(d => d.Name == v))
            {
                throw new ExpressionException($"{v} is an unknown and cannot also be defined by '{definitions.First(d => d.Name == v).Text}'; rename the definition", -1);
            }
        }

        foreach (var d in definitions)
        {
            if (d.Name is "t")
            {
                throw new ExpressionException("'t' is time and cannot be defined; rename it", -1);
            }

            if (parameters.ContainsKey(d.Name))
            {
                throw new ExpressionException($"{d.Name} is both a parameter and defined by '{d.Text}'; remove --param {d.Name} or rename the definition", -1);
            }
        }

        foreach (var p in parameters)
        {
            if (p.Key is "t")
            {
                throw new ExpressionException("'t' is time and cannot be a parameter", -1);
            }

            if (!double.IsFinite(p.Value))
            {
                throw new ExpressionException($"parameter {p.Key} is not a finite number", -1);
            }
        }

        var known = new HashSet<string>(variables, StringComparer.Ordinal);
        known.UnionWith(parameters.Keys);
        known.Add("t");
        known.UnionWith(PhysicalConstants.All.Select(c => c.Name));
        known.UnionWith(definitions.Select(d => d.Name));
        foreach (var (name, _, rhs, text, offset) in definitions.Concat(declared))
        {
            foreach (var used in rhs.Names())
            {
                if (!known.Contains(used.Name))
                {
                    throw new ExpressionException(
                        $"unknown name '{used.Name}' at column {offset + used.Position + 1} of '{text}'; known names: {KnownNames(variables.Concat(definitions.Select(d => d.Name)), parameters.Keys)}",
                        offset + used.Position);
                }
            }
        }

        var shown = rhsList.ToList();
        if (definitions.Count > 0)
        {
            var inlined = Inline(definitions.ToDictionary(d => d.Name, d => (d.Rhs, d.Text), StringComparer.Ordinal));
            for (var i = 0; i < rhsList.Count; i++)
            {
                rhsList[i] = Substitute(rhsList[i], inlined);
            }
        }

        var initial = new double[variables.Count];
        for (var i = 0; i < variables.Count; i++)
        {
            if (!initialValues.TryGetValue(variables[i], out var value))
            {
                throw new ExpressionException($"no initial value for {variables[i]}: add --init {variables[i]}=VALUE", -1);
            }

            if (!double.IsFinite(value))
            {
                throw new ExpressionException($"the initial value of {variables[i]} is not a finite number", -1);
            }

            initial[i] = value;
        }

        foreach (var name in initialValues.Keys)
        {
            if (!variables.Contains(name))
            {
                throw new ExpressionException($"an initial value is given for {name}, which has no equation; unknowns are: {string.Join(", ", variables)}", -1);
            }
        }

        if (OdeLimits.ValidateTimeSpan(t0, t1) is { } span)
        {
            throw new ExpressionException(span, -1);
        }

        var indices = variables.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
        var parameterCopy = new Dictionary<string, double>(parameters, StringComparer.Ordinal);
        NameBinding Resolve(NameExpr n) =>
            indices.TryGetValue(n.Name, out var index) ? new NameBinding.State(index)
            : parameterCopy.TryGetValue(n.Name, out var value) ? new NameBinding.Constant(value)
            : n.Name == "t" ? new NameBinding.Independent()
            : PhysicalConstants.TryGet(n.Name, out var constant) ? new NameBinding.Constant(constant)
            : throw new ExpressionException($"unknown name '{n.Name}'", n.Position);

        var system = new CompiledOdeSystem(variables, rhsList, Resolve);
        var equationsText = variables.Select((v, i) => $"d{v}/dt = {shown[i].ToText()}").ToList();
        var definitionsText = definitions.Select(d => $"{d.Name} = {d.Rhs.ToText()}").ToList();
        return new OdeProblem(variables, equationsText, parameterCopy, initial, t0, t1, system) { Definitions = definitionsText };
    }

    /// <summary>Like <see cref="Parse"/> but returns false with the one-line error.</summary>
    public static bool TryParse(IEnumerable<string> equations, IReadOnlyDictionary<string, double> parameters, IReadOnlyDictionary<string, double> initialValues, double t0, double t1, out OdeProblem? problem, out string? error)
    {
        try
        {
            problem = Parse(equations, parameters, initialValues, t0, t1);
            error = null;
            return true;
        }
        catch (ExpressionException e)
        {
            problem = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>The same problem with another time span (templates and the agent adjust t1).</summary>
    public OdeProblem WithTimeSpan(double t0, double t1) =>
        OdeLimits.ValidateTimeSpan(t0, t1) is { } span
            ? throw new ExpressionException(span, -1)
            : new OdeProblem(Variables, Equations, Parameters, [.. InitialValues], t0, t1, (CompiledOdeSystem)System) { Definitions = Definitions };

    private static string KnownNames(IEnumerable<string> variables, IEnumerable<string> parameters) =>
        string.Join(", ", variables.Concat(parameters.Order(StringComparer.Ordinal)).Append("t").Concat(PhysicalConstants.All.Select(c => c.Name)));

    /// <summary>
    /// Each definition with the definitions it uses substituted, in any order of the lines; a cycle (r1 = r2, r2 = r1)
    /// or a definition that would grow beyond <see cref="OdeLimits.MaxExpressionNodes"/> nodes is an error.
    /// </summary>
    private static Dictionary<string, Expr> Inline(Dictionary<string, (Expr Rhs, string Text)> definitions)
    {
        var done = new Dictionary<string, Expr>(StringComparer.Ordinal);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var visiting = new List<string>();
        Expr Visit(string name)
        {
            if (done.TryGetValue(name, out var ready))
            {
                return ready;
            }

            if (visiting.Contains(name))
            {
                throw new ExpressionException($"the definitions {string.Join(" → ", visiting.SkipWhile(v => v != name).Append(name))} refer to each other in a cycle", -1);
            }

            visiting.Add(name);
            var (rhs, text) = definitions[name];
            // Size counted with each use of a definition in full, as the compiled code evaluates it.
            long size = rhs.Size;
            foreach (var used in rhs.Names().Where(n => definitions.ContainsKey(n.Name)))
            {
                Visit(used.Name);
                size += sizes[used.Name] - 1;
            }

            if (size > OdeLimits.MaxExpressionNodes)
            {
                throw new ExpressionException($"'{text}' grows to {size} nodes with the definitions it uses substituted, more than the {OdeLimits.MaxExpressionNodes} allowed", -1);
            }

            var result = Substitute(rhs, done);
            visiting.RemoveAt(visiting.Count - 1);
            sizes[name] = size;
            done[name] = result;
            return result;
        }

        foreach (var name in definitions.Keys)
        {
            Visit(name);
        }

        return done;
    }

    /// <summary>The tree with each name in <paramref name="values"/> replaced by its expression (shared, not copied).</summary>
    private static Expr Substitute(Expr expr, IReadOnlyDictionary<string, Expr> values) => expr switch
    {
        NameExpr n => values.TryGetValue(n.Name, out var value) ? value : n,
        NegateExpr u => new NegateExpr(Substitute(u.Operand, values)),
        BinaryExpr b => new BinaryExpr(b.Operator, Substitute(b.Left, values), Substitute(b.Right, values)),
        CallExpr c => new CallExpr(c.Function, [.. c.Arguments.Select(a => Substitute(a, values))], c.Position),
        _ => expr,
    };

    private static (string Name, int Order) ReadLeftSide(string left, string equation)
    {
        var leibniz = LeibnizPattern().Match(left);
        if (leibniz.Success)
        {
            var top = leibniz.Groups[1].Success ? int.Parse(leibniz.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
            var bottom = leibniz.Groups[3].Success ? int.Parse(leibniz.Groups[3].Value, CultureInfo.InvariantCulture) : 1;
            if (top != bottom || top < 1 || top > 9)
            {
                throw new ExpressionException($"the derivative '{left}' in '{equation}' is not well formed: write dy/dt or d2y/dt2", 0);
            }

            return (leibniz.Groups[2].Value, top);
        }

        var prime = PrimePattern().Match(left);
        if (prime.Success)
        {
            return (prime.Groups[1].Value, prime.Groups[2].Value.Length);
        }

        throw new ExpressionException($"the left side '{left}' of '{equation}' is not a derivative: write dy/dt = … or y' = … (y'' = … for second order), or name = … for a definition", 0);
    }

    [GeneratedRegex(@"^d\^?([0-9])?\s*([A-Za-z_][A-Za-z0-9_]*)\s*/\s*d\s*t\^?([0-9])?$")]
    private static partial Regex LeibnizPattern();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\s*('{1,9})$")]
    private static partial Regex PrimePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();
}

/// <summary>The compiled right-hand side of an <see cref="OdeProblem"/>, with a symbolic Jacobian compiled on first use.</summary>
internal sealed class CompiledOdeSystem : IOdeSystem
{
    /// <summary>Above this many nodes in the symbolic Jacobian, finite differences are cheaper to compile and run.</summary>
    private const int MaxSymbolicSize = 200_000;

    private readonly IReadOnlyList<Expr> rightSides;
    private readonly Func<NameExpr, NameBinding> resolve;
    private readonly Action<double, double[], double[], double[]> evaluate;
    private readonly bool dependsOnTime;
    private (Action<double, double[], double[], double[]>? Jacobian, Action<double, double[], double[], double[]>? Time)? symbolic;
    private (int, int)? bandwidth;

    public CompiledOdeSystem(IReadOnlyList<string> names, IReadOnlyList<Expr> rightSides, Func<NameExpr, NameBinding> resolve)
    {
        Names = names;
        this.rightSides = rightSides;
        this.resolve = resolve;
        evaluate = ExpressionCompiler.CompileAssignments(rightSides, [.. Enumerable.Range(0, names.Count)], resolve);
        dependsOnTime = rightSides.Any(r => r.Names().Any(n => n.Name == "t" && resolve(n) is NameBinding.Independent));
    }

    public int Dimension => Names.Count;

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<Expr> RightSides => rightSides;

    public void Evaluate(double t, double[] y, double[] dydt) => evaluate(t, y, [], dydt);

    public IJacobian CreateJacobian(bool useAnalytic)
    {
        var n = Dimension;
        var (lower, upper) = Bandwidth;
        var banded = UseBand(n, lower, upper);
        if (useAnalytic)
        {
            symbolic ??= CompileSymbolic(banded ? (i, j) => LuDecomposition.BandIndex(i, j, lower, upper) : (i, j) => (i * n) + j);
        }

        var (jacobian, time) = useAnalytic ? symbolic!.Value : (null, null);
        return banded
            ? new BandedJacobian(n, lower, upper, Evaluate, jacobian, time, dependsOnTime)
            : new DenseJacobian(n, Evaluate, jacobian, time, dependsOnTime);
    }

    /// <summary>
    /// Sub- and superdiagonals of the Jacobian's structure (which unknowns each right side reads): (1, 1) for a
    /// method-of-lines diffusion typed as equations, (n − 1, n − 1) at worst.
    /// </summary>
    internal (int Lower, int Upper) Bandwidth => bandwidth ??= FindBandwidth();

    /// <summary>
    /// Band storage and LU pay once the band is narrow next to n: factoring costs n·kl·(kl + ku) against n³/3, and the
    /// band rows (2kl + ku + 1 wide) must hold far fewer entries than n.
    /// </summary>
    internal static bool UseBand(int n, int lower, int upper) => n >= 8 && 4 * LuDecomposition.BandWidth(lower, upper) <= n;

    private (int, int) FindBandwidth()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < Names.Count; j++)
        {
            index[Names[j]] = j;
        }

        int lower = 0, upper = 0;
        for (var i = 0; i < rightSides.Count; i++)
        {
            foreach (var name in rightSides[i].Names())
            {
                if (index.TryGetValue(name.Name, out var j))
                {
                    lower = Math.Max(lower, i - j);
                    upper = Math.Max(upper, j - i);
                }
            }
        }

        return (lower, upper);
    }

    /// <summary>The symbolic entries ∂f_i/∂y_j (for tests and documentation).</summary>
    internal Expr Derivative(int i, int j) => Symbolic.Differentiate(rightSides[i], Names[j]);

    /// <param name="target">Where entry (i, j) goes in the Jacobian's storage (row-major dense or band).</param>
    private (Action<double, double[], double[], double[]>?, Action<double, double[], double[], double[]>?) CompileSymbolic(Func<int, int, int> target)
    {
        var n = Dimension;
        var entries = new List<Expr>();
        var targets = new List<int>();
        var size = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (!rightSides[i].Reads(Names[j]))
                {
                    continue;
                }

                var d = Symbolic.Differentiate(rightSides[i], Names[j]);
                if (d is NumberExpr { Value: 0 })
                {
                    continue;
                }

                size += d.Size;
                if (size > MaxSymbolicSize)
                {
                    return (null, null);
                }

                entries.Add(d);
                targets.Add(target(i, j));
            }
        }

        var jacobian = ExpressionCompiler.CompileAssignments(entries, targets, resolve);
        Action<double, double[], double[], double[]>? time = null;
        if (dependsOnTime)
        {
            var timeEntries = new List<Expr>();
            var timeTargets = new List<int>();
            for (var i = 0; i < n; i++)
            {
                var d = Symbolic.Differentiate(rightSides[i], "t");
                if (d is not NumberExpr { Value: 0 })
                {
                    timeEntries.Add(d);
                    timeTargets.Add(i);
                }
            }

            time = ExpressionCompiler.CompileAssignments(timeEntries, timeTargets, resolve);
        }

        return (jacobian, time);
    }
}
