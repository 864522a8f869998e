using System.Linq.Expressions;
using System.Reflection;
using LinqExpression = System.Linq.Expressions.Expression;

namespace MatAssistant.Ode.Expressions;

/// <summary>What a name means when an expression is compiled.</summary>
public abstract record NameBinding
{
    private NameBinding()
    {
    }

    /// <summary>A fixed number (parameter or constant), folded into the code.</summary>
    public sealed record Constant(double Value) : NameBinding;

    /// <summary>Element <paramref name="Index"/> of the state array.</summary>
    public sealed record State(int Index) : NameBinding;

    /// <summary>The independent variable (time <c>t</c>, or <c>x</c> in a profile).</summary>
    public sealed record Independent : NameBinding;

    /// <summary>Element <paramref name="Index"/> of the auxiliary array (for example the position x of a grid node).</summary>
    public sealed record Auxiliary(int Index) : NameBinding;
}

/// <summary>
/// Compiles expression trees to delegates with System.Linq.Expressions: the solver calls plain IL, thousands of times
/// faster than walking the tree, and the only operations available are those of the language.
/// </summary>
public static class ExpressionCompiler
{
    private static readonly MethodInfo PowMethod = typeof(Math).GetMethod(nameof(Math.Pow), [typeof(double), typeof(double)])!;

    /// <summary>
    /// Compiles assignments <c>output[targets[i]] = expressions[i]</c> into one delegate
    /// <c>(independent, state, auxiliary, output)</c>. Names resolve through <paramref name="resolve"/>.
    /// </summary>
    public static Action<double, double[], double[], double[]> CompileAssignments(
        IReadOnlyList<Expr> expressions, IReadOnlyList<int> targets, Func<NameExpr, NameBinding> resolve)
    {
        var independent = LinqExpression.Parameter(typeof(double), "t");
        var state = LinqExpression.Parameter(typeof(double[]), "y");
        var auxiliary = LinqExpression.Parameter(typeof(double[]), "aux");
        var output = LinqExpression.Parameter(typeof(double[]), "output");
        var context = new Context(independent, state, auxiliary, resolve);
        var body = new List<LinqExpression>(expressions.Count + 1);
        for (var i = 0; i < expressions.Count; i++)
        {
            body.Add(LinqExpression.Assign(
                LinqExpression.ArrayAccess(output, LinqExpression.Constant(targets[i])),
                context.Build(expressions[i])));
        }

        body.Add(LinqExpression.Empty());
        return LinqExpression.Lambda<Action<double, double[], double[], double[]>>(
            LinqExpression.Block(body), independent, state, auxiliary, output).Compile();
    }

    /// <summary>
    /// Evaluates by walking the tree: for expressions used a handful of times (initial profiles, constant boundary
    /// values), where compiling (about a millisecond each) would cost more than it saves.
    /// </summary>
    public static double Evaluate(Expr expression, Func<NameExpr, NameBinding> resolve, double independent, double[] auxiliary) => expression switch
    {
        NumberExpr n => n.Value,
        NameExpr n => resolve(n) switch
        {
            NameBinding.Constant c => c.Value,
            NameBinding.Auxiliary a => auxiliary[a.Index],
            NameBinding.Independent => independent,
            var other => throw new NotSupportedException($"{n.Name} is bound to {other}, which a scalar expression cannot read"),
        },
        NegateExpr u => -Evaluate(u.Operand, resolve, independent, auxiliary),
        BinaryExpr b => b.Operator switch
        {
            '+' => Evaluate(b.Left, resolve, independent, auxiliary) + Evaluate(b.Right, resolve, independent, auxiliary),
            '-' => Evaluate(b.Left, resolve, independent, auxiliary) - Evaluate(b.Right, resolve, independent, auxiliary),
            '*' => Evaluate(b.Left, resolve, independent, auxiliary) * Evaluate(b.Right, resolve, independent, auxiliary),
            '/' => Evaluate(b.Left, resolve, independent, auxiliary) / Evaluate(b.Right, resolve, independent, auxiliary),
            '^' => Math.Pow(Evaluate(b.Left, resolve, independent, auxiliary), Evaluate(b.Right, resolve, independent, auxiliary)),
            _ => throw new NotSupportedException($"operator {b.Operator}"),
        },
        CallExpr c => (double)(Functions.TryGet(c.Function, out var f) ? f.Method : throw new NotSupportedException(c.Function))
            .Invoke(null, [.. c.Arguments.Select(a => (object)Evaluate(a, resolve, independent, auxiliary))])!,
        _ => throw new NotSupportedException(expression.GetType().Name),
    };

    /// <summary>
    /// A delegate for one expression of the independent variable and auxiliary values (no state): compiled when it
    /// reads them, a constant when it reads only parameters and constants.
    /// </summary>
    public static Func<double, double[], double> CompileScalar(Expr expression, Func<NameExpr, NameBinding> resolve)
    {
        if (expression.Names().All(n => resolve(n) is NameBinding.Constant))
        {
            var value = Evaluate(expression, resolve, 0, []);
            return (_, _) => value;
        }

        var independent = LinqExpression.Parameter(typeof(double), "t");
        var auxiliary = LinqExpression.Parameter(typeof(double[]), "aux");
        var state = LinqExpression.Parameter(typeof(double[]), "y");
        var context = new Context(independent, state, auxiliary, resolve);
        var body = context.Build(expression);
        var lambda = LinqExpression.Lambda<Func<double, double[], double[], double>>(body, independent, state, auxiliary).Compile();
        return (t, aux) => lambda(t, [], aux);
    }

    private sealed class Context(ParameterExpression independent, ParameterExpression state, ParameterExpression auxiliary, Func<NameExpr, NameBinding> resolve)
    {
        public LinqExpression Build(Expr expr) => expr switch
        {
            NumberExpr n => LinqExpression.Constant(n.Value),
            NameExpr n => resolve(n) switch
            {
                NameBinding.Constant c => LinqExpression.Constant(c.Value),
                NameBinding.State s => LinqExpression.ArrayIndex(state, LinqExpression.Constant(s.Index)),
                NameBinding.Auxiliary a => LinqExpression.ArrayIndex(auxiliary, LinqExpression.Constant(a.Index)),
                NameBinding.Independent => independent,
                var other => throw new NotSupportedException(other.ToString()),
            },
            NegateExpr u => LinqExpression.Negate(Build(u.Operand)),
            BinaryExpr b => BuildBinary(b),
            CallExpr c => LinqExpression.Call(Functions.TryGet(c.Function, out var f) ? f.Method : throw new NotSupportedException(c.Function), c.Arguments.Select(Build)),
            _ => throw new NotSupportedException(expr.GetType().Name),
        };

        private LinqExpression BuildBinary(BinaryExpr b)
        {
            var left = Build(b.Left);
            if (b.Operator == '^' && b.Right is NumberExpr { Value: 2 })
            {
                // x^2 is the most common power; a multiplication is exact and much faster than Math.Pow.
                var temp = LinqExpression.Variable(typeof(double));
                return LinqExpression.Block([temp], LinqExpression.Assign(temp, left), LinqExpression.Multiply(temp, temp));
            }

            var right = Build(b.Right);
            return b.Operator switch
            {
                '+' => LinqExpression.Add(left, right),
                '-' => LinqExpression.Subtract(left, right),
                '*' => LinqExpression.Multiply(left, right),
                '/' => LinqExpression.Divide(left, right),
                '^' => LinqExpression.Call(PowMethod, left, right),
                _ => throw new NotSupportedException($"operator {b.Operator}"),
            };
        }
    }
}
