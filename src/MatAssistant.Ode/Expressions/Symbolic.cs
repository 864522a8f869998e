namespace MatAssistant.Ode.Expressions;

/// <summary>
/// Symbolic differentiation with light simplification (constant folding, 0 and 1 rules), enough to give the stiff
/// solver exact Jacobians. Written here because no maintained .NET library differentiates our own tree
/// (MathNet.Symbolics is not in the package mirror and would mean a second expression language).
/// </summary>
public static class Symbolic
{
    private static readonly NumberExpr Zero = new(0);
    private static readonly NumberExpr One = new(1);

    /// <summary>∂<paramref name="expr"/>/∂<paramref name="name"/>; every other name is held constant.</summary>
    public static Expr Differentiate(Expr expr, string name) => expr switch
    {
        NumberExpr => Zero,
        NameExpr n => n.Name == name ? One : Zero,
        NegateExpr u => Neg(Differentiate(u.Operand, name)),
        BinaryExpr b => DifferentiateBinary(b, name),
        CallExpr c => DifferentiateCall(c, name),
        _ => throw new NotSupportedException(expr.GetType().Name),
    };

    private static Expr DifferentiateBinary(BinaryExpr b, string name)
    {
        var (u, v) = (b.Left, b.Right);
        var du = Differentiate(u, name);
        var dv = Differentiate(v, name);
        switch (b.Operator)
        {
            case '+':
                return Add(du, dv);
            case '-':
                return Sub(du, dv);
            case '*':
                return Add(Mul(du, v), Mul(u, dv));
            case '/':
                // (u/v)' = u'/v - u v'/v²
                return Sub(Div(du, v), Div(Mul(u, dv), Pow(v, new NumberExpr(2))));
            case '^':
                return DifferentiatePower(u, v, du, dv);
            default:
                throw new NotSupportedException($"operator {b.Operator}");
        }
    }

    private static Expr DifferentiatePower(Expr u, Expr v, Expr du, Expr dv)
    {
        if (IsZero(dv))
        {
            // d(u^c) = c u^(c-1) u'
            return Mul(Mul(v, Pow(u, Sub(v, One))), du);
        }

        // d(u^v) = u^v (v' ln u + v u'/u)
        return Mul(Pow(u, v), Add(Mul(dv, Call("log", u)), Div(Mul(v, du), u)));
    }

    private static Expr DifferentiateCall(CallExpr c, string name)
    {
        var u = c.Arguments[0];
        var du = Differentiate(u, name);
        if (c.Arguments.Count == 2)
        {
            var v = c.Arguments[1];
            var dv = Differentiate(v, name);
            return c.Function switch
            {
                "pow" => IsZero(du) && IsZero(dv) ? Zero : DifferentiatePower(u, v, du, dv),
                // min(u, v) follows u where u ≤ v; the kink gets the derivative of u.
                "min" => Add(Mul(Call("step", Sub(v, u)), du), Mul(Sub(One, Call("step", Sub(v, u))), dv)),
                "max" => Add(Mul(Call("step", Sub(u, v)), du), Mul(Sub(One, Call("step", Sub(u, v))), dv)),
                _ => throw new NotSupportedException(c.Function),
            };
        }

        if (IsZero(du))
        {
            return Zero;
        }

        Expr outer = c.Function switch
        {
            "exp" => c,
            "log" or "ln" => Div(One, u),
            "log10" => Div(One, Mul(u, new NumberExpr(Math.Log(10)))),
            "sqrt" => Div(One, Mul(new NumberExpr(2), c)),
            "abs" => Call("sign", u),
            "sin" => Call("cos", u),
            "cos" => Neg(Call("sin", u)),
            "tan" => Div(One, Pow(Call("cos", u), new NumberExpr(2))),
            "sinh" => Call("cosh", u),
            "cosh" => Call("sinh", u),
            "tanh" => Sub(One, Pow(c, new NumberExpr(2))),
            "erf" => Mul(new NumberExpr(2 / Math.Sqrt(Math.PI)), Call("exp", Neg(Pow(u, new NumberExpr(2))))),
            "erfc" => Mul(new NumberExpr(-2 / Math.Sqrt(Math.PI)), Call("exp", Neg(Pow(u, new NumberExpr(2))))),
            "step" or "sign" => Zero,
            _ => throw new NotSupportedException(c.Function),
        };
        return Mul(outer, du);
    }

    private static CallExpr Call(string function, params Expr[] arguments) => new(function, arguments, -1);

    private static bool IsZero(Expr e) => e is NumberExpr { Value: 0 };

    private static bool IsOne(Expr e) => e is NumberExpr { Value: 1 };

    internal static Expr Neg(Expr a) => a switch
    {
        NumberExpr n => new NumberExpr(-n.Value),
        NegateExpr u => u.Operand,
        _ => new NegateExpr(a),
    };

    internal static Expr Add(Expr a, Expr b) =>
        IsZero(a) ? b : IsZero(b) ? a
        : a is NumberExpr x && b is NumberExpr y ? new NumberExpr(x.Value + y.Value)
        : b is NegateExpr nb ? new BinaryExpr('-', a, nb.Operand)
        : new BinaryExpr('+', a, b);

    internal static Expr Sub(Expr a, Expr b) =>
        IsZero(b) ? a : IsZero(a) ? Neg(b)
        : a is NumberExpr x && b is NumberExpr y ? new NumberExpr(x.Value - y.Value)
        : new BinaryExpr('-', a, b);

    internal static Expr Mul(Expr a, Expr b) =>
        IsZero(a) || IsZero(b) ? Zero : IsOne(a) ? b : IsOne(b) ? a
        : a is NumberExpr x && b is NumberExpr y ? new NumberExpr(x.Value * y.Value)
        : a is NegateExpr na ? Neg(Mul(na.Operand, b))
        : b is NegateExpr nb ? Neg(Mul(a, nb.Operand))
        : new BinaryExpr('*', a, b);

    internal static Expr Div(Expr a, Expr b) =>
        IsZero(a) ? Zero : IsOne(b) ? a
        : a is NumberExpr x && b is NumberExpr y && y.Value != 0 ? new NumberExpr(x.Value / y.Value)
        : new BinaryExpr('/', a, b);

    internal static Expr Pow(Expr a, Expr b) =>
        b is NumberExpr { Value: 0 } ? One : IsOne(b) ? a
        : a is NumberExpr x && b is NumberExpr y ? new NumberExpr(Math.Pow(x.Value, y.Value))
        : new BinaryExpr('^', a, b);
}
