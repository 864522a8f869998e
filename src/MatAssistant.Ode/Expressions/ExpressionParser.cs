using System.Globalization;

namespace MatAssistant.Ode.Expressions;

/// <summary>
/// Recursive-descent parser of the expression language: numbers (<c>2.5e-11</c>), names (letters, digits, <c>_</c>,
/// optionally followed by primes as in <c>x'</c>), <c>+ - * / ^</c> (<c>**</c> is a synonym of <c>^</c>), unary minus,
/// parentheses (a parenthesis right after a number or a parenthesis multiplies: <c>2(x + 1)</c>) and calls of <see cref="Functions"/>. <c>^</c> is right-associative and binds tighter than unary minus
/// (<c>-x^2</c> is <c>-(x^2)</c>). Nothing is ever executed: the result is a tree.
/// </summary>
public static class ExpressionParser
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="ExpressionException"/> with the position of the problem.</summary>
    public static Expr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > OdeLimits.MaxExpressionLength)
        {
            throw new ExpressionException($"the expression is {text.Length} characters long, more than the {OdeLimits.MaxExpressionLength} allowed; split it with auxiliary definitions (r1 = …)", -1);
        }

        var parser = new Cursor(Normalize(text));
        var expr = parser.ParseSum();
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw parser.Error($"unexpected '{text[parser.Position]}'");
        }

        return expr;
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string text, out Expr? expr, out string? error)
    {
        try
        {
            expr = Parse(text);
            error = null;
            return true;
        }
        catch (ExpressionException e)
        {
            expr = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Typographic operators pasted from papers and documents (− × · ⋅ ′ ″), one character for one so that error
    /// columns still point at the user's text.
    /// </summary>
    internal static string Normalize(string text) =>
        text.Replace('\u2212', '-').Replace('\u00D7', '*').Replace('\u00B7', '*').Replace('\u22C5', '*').Replace('\u2032', '\'');

    /// <summary>True for characters that may start a name.</summary>
    internal static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    internal static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private sealed class Cursor(string text)
    {
        private const int MaxDepth = 200;
        private int depth;

        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public ExpressionException Error(string what) =>
            new($"{what} at column {Position + 1} of '{text}'", Position);

        public void SkipSpace()
        {
            while (Position < text.Length && char.IsWhiteSpace(text[Position]))
            {
                Position++;
            }
        }

        public Expr ParseSum()
        {
            var operands = new List<Expr> { ParseProduct() };
            var operators = new List<char>();
            while (true)
            {
                SkipSpace();
                if (AtEnd || (text[Position] != '+' && text[Position] != '-'))
                {
                    return Chain(operands, operators, '+', '-');
                }

                operators.Add(text[Position++]);
                operands.Add(ParseProduct());
            }
        }

        private Expr ParseProduct()
        {
            var operands = new List<Expr> { ParseUnary() };
            var operators = new List<char>();
            while (true)
            {
                SkipSpace();
                if (!AtEnd && text[Position] == '(')
                {
                    // "-0.07 (T - 20)", "(1 - x)(1 + x)": a parenthesis after a number or a parenthesis multiplies, as a
                    // scientist writes it; nothing else can follow there. (A name before '(' is a call, and "2x" stays an error.)
                    operators.Add('*');
                    operands.Add(ParseUnary());
                    continue;
                }

                if (AtEnd || (text[Position] != '*' && text[Position] != '/') || IsPowerStar())
                {
                    return Chain(operands, operators, '*', '/');
                }

                operators.Add(text[Position++]);
                operands.Add(ParseUnary());
            }
        }

        /// <summary>Below this many operands a chain is left-associative, exactly as written.</summary>
        private const int BalanceAbove = 32;

        /// <summary>
        /// a ∘ b ∘ c … as a tree. Long chains (a flat sum of 30,000 rates) become balanced trees of depth log₂ n, so the
        /// recursive passes over the tree (compiling, differentiating, printing) cannot overflow the stack; the value
        /// is the same up to rounding (pairwise summation is, if anything, more accurate).
        /// </summary>
        private static Expr Chain(List<Expr> operands, List<char> operators, char same, char inverse)
        {
            if (operands.Count <= BalanceAbove)
            {
                var left = operands[0];
                for (var i = 1; i < operands.Count; i++)
                {
                    left = new BinaryExpr(operators[i - 1], left, operands[i]);
                }

                return left;
            }

            // signs[i]: whether operand i enters inverted (subtracted, divided by); operand 0 never is.
            var inverted = new bool[operands.Count];
            for (var i = 1; i < operands.Count; i++)
            {
                inverted[i] = operators[i - 1] == inverse;
            }

            // Balanced(lo, hi) is the chain over [lo, hi] relative to operand lo's own sign.
            Expr Balanced(int lo, int hi)
            {
                if (lo == hi)
                {
                    return operands[lo];
                }

                var mid = lo + ((hi - lo) / 2);
                return new BinaryExpr(inverted[mid + 1] == inverted[lo] ? same : inverse, Balanced(lo, mid), Balanced(mid + 1, hi));
            }

            return Balanced(0, operands.Count - 1);
        }

        private bool IsPowerStar() => text[Position] == '*' && Position + 1 < text.Length && text[Position + 1] == '*';

        private Expr ParseUnary()
        {
            SkipSpace();
            if (!AtEnd && (text[Position] == '-' || text[Position] == '+'))
            {
                var negative = text[Position++] == '-';
                Enter();
                var operand = ParseUnary();
                depth--;
                return negative ? new NegateExpr(operand) : operand;
            }

            return ParsePower();
        }

        private Expr ParsePower()
        {
            var @base = ParsePrimary();
            SkipSpace();
            if (!AtEnd && (text[Position] == '^' || IsPowerStar()))
            {
                Position += text[Position] == '^' ? 1 : 2;
                Enter();
                var exponent = ParseUnary();
                depth--;
                return new BinaryExpr('^', @base, exponent);
            }

            return @base;
        }

        private void Enter()
        {
            if (++depth > MaxDepth)
            {
                throw Error("expression nested too deeply");
            }
        }

        private Expr ParsePrimary()
        {
            SkipSpace();
            if (AtEnd)
            {
                throw Error("expression ends too early");
            }

            var c = text[Position];
            if (char.IsAsciiDigit(c) || (c == '.' && Position + 1 < text.Length && char.IsAsciiDigit(text[Position + 1])))
            {
                return ParseNumber();
            }

            if (c == '(')
            {
                Position++;
                Enter();
                var inner = ParseSum();
                depth--;
                SkipSpace();
                if (AtEnd || text[Position] != ')')
                {
                    throw Error("missing ')'");
                }

                Position++;
                return inner;
            }

            if (IsNameStart(c))
            {
                return ParseNameOrCall();
            }

            throw Error($"unexpected '{c}'");
        }

        private NumberExpr ParseNumber()
        {
            var start = Position;
            while (Position < text.Length && (char.IsAsciiDigit(text[Position]) || text[Position] == '.'))
            {
                Position++;
            }

            if (Position < text.Length && (text[Position] == 'e' || text[Position] == 'E'))
            {
                var save = Position;
                Position++;
                if (Position < text.Length && (text[Position] == '+' || text[Position] == '-'))
                {
                    Position++;
                }

                if (Position < text.Length && char.IsAsciiDigit(text[Position]))
                {
                    while (Position < text.Length && char.IsAsciiDigit(text[Position]))
                    {
                        Position++;
                    }
                }
                else
                {
                    Position = save;
                }
            }

            var literal = text[start..Position];
            if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                Position = start;
                throw Error($"'{literal}' is not a number");
            }

            if (Position < text.Length && IsNameStart(text[Position]))
            {
                throw Error("missing operator between a number and a name (write 2*x, not 2x)");
            }

            return new NumberExpr(value);
        }

        private Expr ParseNameOrCall()
        {
            var start = Position;
            while (Position < text.Length && IsNamePart(text[Position]))
            {
                Position++;
            }

            while (Position < text.Length && text[Position] == '\'')
            {
                Position++;
            }

            var name = text[start..Position];
            var afterName = Position;
            SkipSpace();
            if (AtEnd || text[Position] != '(')
            {
                Position = afterName;
                return new NameExpr(name, start);
            }

            if (!Functions.TryGet(name, out var function))
            {
                Position = start;
                throw Error($"unknown function '{name}' (to multiply, write {name}*(…)); known functions: {string.Join(", ", Functions.All.Select(f => f.Name))}");
            }

            Position++;
            var arguments = new List<Expr>();
            SkipSpace();
            if (!AtEnd && text[Position] == ')')
            {
                Position++;
            }
            else
            {
                while (true)
                {
                    Enter();
                    arguments.Add(ParseSum());
                    depth--;
                    SkipSpace();
                    if (AtEnd)
                    {
                        throw Error($"missing ')' after the arguments of {name}");
                    }

                    if (text[Position] == ',')
                    {
                        Position++;
                        continue;
                    }

                    if (text[Position] == ')')
                    {
                        Position++;
                        break;
                    }

                    throw Error($"expected ',' or ')' in the arguments of {name}");
                }
            }

            if (arguments.Count != function.Arity)
            {
                Position = start;
                throw Error($"{name} takes {function.Arity} argument{(function.Arity == 1 ? "" : "s")}, got {arguments.Count}");
            }

            return new CallExpr(name, arguments, start);
        }
    }
}
