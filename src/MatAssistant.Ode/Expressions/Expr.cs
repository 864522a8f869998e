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
