using System.Globalization;

namespace MatAssistant.Ode.Expressions;

/// <summary>A parsed expression: an immutable tree of numbers, names, operators and function calls.</summary>
public abstract record Expr
{
    /// <summary>Every name the expression reads (variables, parameters, constants, t), functions excluded.</summary>
    public IEnumerable<NameExpr> Names() => this switch
    {
        NameExpr n => [n],
        NegateExpr u => u.Operand.Names(),
        BinaryExpr b => b.Left.Names().Concat(b.Right.Names()),
        CallExpr c => c.Arguments.SelectMany(a => a.Names()),
        _ => [],
    };

    /// <summary>Number of nodes; used to decide whether a symbolic Jacobian is worth compiling.</summary>
    public int Size => this switch
    {
        NegateExpr u => 1 + u.Operand.Size,
        BinaryExpr b => 1 + b.Left.Size + b.Right.Size,
        CallExpr c => 1 + c.Arguments.Sum(a => a.Size),
        _ => 1,
    };

    /// <summary>The expression as text with only the parentheses it needs (<c>-k*y</c>, not <c>((-k) * y)</c>).</summary>
    public string ToText() => Text(this);

    private static int Precedence(Expr e) => e switch
    {
        BinaryExpr { Operator: '+' or '-' } => 1,
        BinaryExpr { Operator: '*' or '/' } => 2,
        NegateExpr => 3,
        BinaryExpr { Operator: '^' } => 4,
        NumberExpr { Value: < 0 } => 3,
        _ => 5,
    };

    private static string Text(Expr e)
    {
        switch (e)
        {
            case NumberExpr n:
                return n.Value.ToString("G15", CultureInfo.InvariantCulture);
            case NameExpr n:
                return n.Name;
            case NegateExpr u:
                return "-" + Wrap(u.Operand, Precedence(u.Operand) < 3 || u.Operand is NegateExpr or NumberExpr { Value: < 0 });
            case CallExpr c:
                return $"{c.Function}({string.Join(", ", c.Arguments.Select(Text))})";
            case BinaryExpr b:
                var p = Precedence(b);
                var left = b.Operator == '^' ? Precedence(b.Left) <= p : Precedence(b.Left) < p;
                var right = b.Operator == '^' ? Precedence(b.Right) < p - 1 : Precedence(b.Right) < p || (Precedence(b.Right) == p && b.Operator is '-' or '/') || b.Right is NegateExpr or NumberExpr { Value: < 0 };
                var spaced = b.Operator is '+' or '-';
                return spaced ? $"{Wrap(b.Left, left)} {b.Operator} {Wrap(b.Right, right)}" : $"{Wrap(b.Left, left)}{b.Operator}{Wrap(b.Right, right)}";
            default:
                return e.ToString();
        }
    }

    private static string Wrap(Expr e, bool parentheses) => parentheses ? $"({Text(e)})" : Text(e);

    /// <summary>True when <paramref name="name"/> occurs in the expression.</summary>
    public bool Reads(string name) => Names().Any(n => n.Name == name);
}

/// <summary>A literal number.</summary>
public sealed record NumberExpr(double Value) : Expr
{
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A name (variable, parameter, constant or <c>t</c>) at a 0-based position of the source text.</summary>
public sealed record NameExpr(string Name, int Position) : Expr
{
    public override string ToString() => Name;
}

/// <summary>Unary minus.</summary>
public sealed record NegateExpr(Expr Operand) : Expr
{
    public override string ToString() => $"(-{Operand})";
}

/// <summary>A binary operator: one of <c>+ - * / ^</c>.</summary>
public sealed record BinaryExpr(char Operator, Expr Left, Expr Right) : Expr
{
    public override string ToString() => $"({Left} {Operator} {Right})";
}

/// <summary>A call of a built-in function (see <see cref="Functions"/>).</summary>
public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments, int Position) : Expr
{
    public override string ToString() => $"{Function}({string.Join(", ", Arguments)})";

    public bool Equals(CallExpr? other) =>
        other is not null && Function == other.Function && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Function, Arguments.Count);
}
