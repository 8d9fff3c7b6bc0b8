using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.Parsing;

/// <summary>
/// Turns one [Differentiable] method into a <see cref="MethodModel"/> plus diagnostics.
/// This is the only stage that sees symbols and syntax; everything it returns is plain data.
/// </summary>
internal static class MethodParser
{
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        // Every result without a model carries the method's identity where it has one, so that its callers get GG0016
        // instead of a call to a Pullback that was never generated.
        var identity = method.ContainingType is not null && method.OriginalDefinition.GetDocumentationCommentId() is { } key
            ? new MethodIdentity(key, method.ContainingType.Name + "." + method.Name, LocationInfo.From(syntax.Identifier))
            : null;
        if (HasCompilerErrors(method, syntax))
        {
            // The compiler reports these; generating from half-formed code could only add noise or unparsable files.
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty, Method: identity);
        }

        if (MethodLimits.Check(method, syntax, cancellationToken) is { } overLimit)
        {
            // Measured before anything binds or walks the body: past a limit, a walk could overflow the stack.
            return new ParseResult(null, new[] { overLimit }.ToEquatableArray(), Method: identity);
        }

        var bodyOperation = context.SemanticModel.GetOperation(syntax, cancellationToken) as IMethodBodyOperation;
        var block = bodyOperation?.BlockBody ?? bodyOperation?.ExpressionBody;
        if (BodyHasCompilerErrors(block, syntax, context.SemanticModel, cancellationToken))
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty, Method: identity);
        }

        var quietError = CheckSignature(method, syntax, diagnostics);
        var hiding = diagnostics.Count == 0 && !quietError ? GeneratedMembers.Check(method, syntax, context.SemanticModel.Compilation, diagnostics, RequestedModes(context)) : null;
        if (hiding is null)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray(), Method: identity);
        }

        if (block is null)
        {
            // The compiler reports why the body did not bind; adding our own error would only repeat it.
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty, Method: identity);
        }

        var parameterNames = method.Parameters.Select(p => p.Name).ToList();
        var seedName = Naming.Unique("seed", parameterNames);
        var taken = new HashSet<string>(parameterNames) { seedName };

        var body = new BodyParser(method, diagnostics, cancellationToken, SymbolNames.OutputParameter(method));
        var parameters = new List<ParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            var id = body.DeclareParameter(parameter);
            string? gradientName = null;
            if (SymbolNames.IsDifferentiableParameter(parameter))
            {
                gradientName = Naming.Unique(Naming.GradientName(parameter.Name), taken);
                taken.Add(gradientName);
            }

            parameters.Add(new ParameterModel(id, parameter.Name, TypeRefs.From(parameter.Type), gradientName, ReadOnlyModifier(parameter.RefKind)));
        }

        body.ParseBody(block);
        if (diagnostics.Count > 0)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray(), Method: identity);
        }

        var variables = body.Variables.ToEquatableArray();
        var model = new MethodModel(
            HintName(method),
            method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            ContainingTypes(method),
            method.Name,
            Accessibility(method.DeclaredAccessibility),
            method.IsStatic,
            method.IsReadOnly && !method.IsStatic,
            syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword) || method.Parameters.Any(p => p.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer),
            method.ToDisplayString(SymbolNames.Message),
            TypeRefs.From(method.ReturnType),
            parameters.ToEquatableArray(),
            seedName,
            variables,
            body.Statements.ToEquatableArray(),
            hiding.Gradient,
            hiding.Pullback,
            RequestedModes(context),
            SymbolNames.OutputParameter(method) is { } outputParameter ? parameters.First(p => p.Name == outputParameter.Name).VariableId : -1,
            GeneratedMembers.SecondOrderNamesFree(method),
            CoreModifiers: hiding.Core);
        var parameterLocations = syntax.ParameterList.Parameters.Select(p => LocationInfo.From(p)!).ToEquatableArray();
        return new ParseResult(model, diagnostics.ToEquatableArray(), body.CallSites.ToEquatableArray(), OptsIntoFiniteDifferences(context), identity, parameterLocations);
    }

    /// <summary>
    /// Missing names (a parameter, a type, a namespace part), a method outside any type, or a syntax error in the
    /// method: typing in progress. Nothing is generated and nothing reported; the compiler already says what is wrong.
    /// </summary>
    private static bool HasCompilerErrors(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        if (method.ContainingType is null || method.ContainingType.IsImplicitlyDeclared || method.ContainingType.Name.Length == 0
            || method.ReturnType.TypeKind == TypeKind.Error
            || method.Parameters.Any(p => p.Name.Length == 0 || p.Type.TypeKind == TypeKind.Error))
        {
            return true;
        }

        foreach (var ancestor in syntax.Ancestors())
        {
            if ((ancestor is BaseTypeDeclarationSyntax type && (type.Identifier.IsMissing || type.Identifier.ValueText.Length == 0))
                || (ancestor is TypeDeclarationSyntax { TypeParameterList: { } typeParameters } && HasSyntaxErrors(typeParameters))
                || (ancestor is BaseNamespaceDeclarationSyntax ns && HasSyntaxErrors(ns.Name)))
            {
                return true;
            }
        }

        return HasSyntaxErrors(syntax);
    }

    /// <summary>
    /// Syntax errors only: a '#warning' or an unknown '#pragma' in the method is a warning-level syntax diagnostic and
    /// must not cost the method its generated code.
    /// </summary>
    private static bool HasSyntaxErrors(SyntaxNode node) =>
        node.ContainsDiagnostics && node.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>
    /// Any compiler error in the method (nothing is generated or reported then). The bound tree the parser uses shows most of them (an unknown name, a failed
    /// overload resolution or conversion) and is checked first; the compiler's own diagnostics for the method, which
    /// bind it a second time (about 40% of a cold run, docs/benchmarks.md), catch the rest: flow errors, name
    /// conflicts, explicit conversions, ref safety. Generating from such a body would repeat the error in a
    /// generated file while the user is still typing.
    /// </summary>
    private static bool BodyHasCompilerErrors(IOperation? body, MethodDeclarationSyntax syntax, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var operation in body?.DescendantsAndSelf() ?? Enumerable.Empty<IOperation>())
        {
            if (operation is IInvalidOperation
                || operation.Type?.TypeKind == TypeKind.Error
                || operation is IConversionOperation { Conversion.Exists: false })
            {
                return true;
            }
        }

        return DeclarationErrors.Any(semanticModel, syntax.Span, cancellationToken);
    }

    /// <summary>GG0033 unless a method with a [DifferentiableOutput] returns void and has exactly one, a Span&lt;double&gt; or Span&lt;float&gt; (not ref).</summary>
    private static void CheckOutput(IMethodSymbol method, MethodDeclarationSyntax syntax, IParameterSymbol? output, List<DiagnosticInfo> diagnostics)
    {
        var outputs = method.Parameters.Where(p => SymbolNames.HasAttribute(p, SymbolNames.DifferentiableOutputAttribute)).ToList();
        var type = output is null ? null : TypeRefs.From(output.Type);
        string? problem = null;
        if (output is null)
        {
            return;
        }

        if (!method.ReturnsVoid)
        {
            problem = "The [Differentiable] method '" + method.Name + "' has a [DifferentiableOutput] parameter but returns '" + method.ReturnType.ToDisplayString(SymbolNames.Message) + "'";
        }
        else if (outputs.Count > 1)
        {
            problem = "The [Differentiable] method '" + method.Name + "' has more than one [DifferentiableOutput] parameter";
        }
        else if (type is not { Collection: CollectionKind.Span, IsRealCollection: true } || output.RefKind != RefKind.None)
        {
            problem = "The [DifferentiableOutput] parameter '" + output.Name + "' of '" + method.Name + "' is a '" + output.Type.ToDisplayString(SymbolNames.Message) + "'";
        }

        if (problem is not null)
        {
            var at = output is not null && output.Locations.FirstOrDefault() is { } location ? LocationInfo.From(location) : LocationInfo.From(syntax.ReturnType);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOutput, at, problem));
        }
    }

    /// <summary>[Differentiable(Forward = true, HessianVectorProduct = true)]; second derivatives imply forward mode.</summary>
    private static DerivativeModes RequestedModes(GeneratorAttributeSyntaxContext context)
    {
        var modes = DerivativeModes.Reverse;
        foreach (var attribute in context.Attributes)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Value.Value is true)
                {
                    modes |= argument.Key switch
                    {
                        "Forward" => DerivativeModes.Forward,
                        "HessianVectorProduct" => DerivativeModes.Forward | DerivativeModes.HessianVectorProduct,
                        _ => DerivativeModes.Reverse,
                    };
                }
            }
        }

        return modes;
    }

    /// <summary>[Differentiable(Fallback = DerivativeFallback.FiniteDifferences)].</summary>
    private static bool OptsIntoFiniteDifferences(GeneratorAttributeSyntaxContext context)
    {
        foreach (var attribute in context.Attributes)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Fallback" && argument.Value.Value is int value && value == 1)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <returns>Whether the method has an error reported elsewhere (on its type, by another method).</returns>
    private static bool CheckSignature(IMethodSymbol method, MethodDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        var quietError = false;
        for (var node = syntax.Parent; node is not null; node = node.Parent)
        {
            if (node is TypeDeclarationSyntax type && !type.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                // One report per type: the first [Differentiable] method in it speaks for all of them.
                var first = method.ContainingType.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => SymbolNames.HasAttribute(m, SymbolNames.DifferentiableAttribute));
                var quiet = first is not null && !SymbolEqualityComparer.Default.Equals(first, method) && ReferenceEquals(type, syntax.Parent);
                if (!quiet)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, LocationInfo.From(type.Identifier), type.Identifier.ValueText, method.Name));
                }
                else
                {
                    quietError = true;
                }
            }
        }

        var output = SymbolNames.OutputParameter(method);
        if (output is not null)
        {
            CheckOutput(method, syntax, output, diagnostics);
        }
        else if (method.ReturnType.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedReturnType,
                LocationInfo.From(syntax.ReturnType),
                method.Name,
                method.ReturnType.ToDisplayString(SymbolNames.Message)));
        }

        if (syntax.TypeParameterList is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, LocationInfo.From(syntax.TypeParameterList), method.Name));
        }

        foreach (var parameter in syntax.ParameterList.Parameters)
        {
            var modifier = parameter.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword));
            if (modifier != default && !parameter.Modifiers.Any(m => m.IsKind(SyntaxKind.ReadOnlyKeyword)))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ByRefParameter,
                    LocationInfo.From(parameter),
                    parameter.Identifier.ValueText,
                    method.Name,
                    modifier.Text));
            }
        }

        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingBody, LocationInfo.From(syntax.Identifier), method.Name));
        }

        return quietError;
    }

    private static EquatableArray<ContainingType> ContainingTypes(IMethodSymbol method)
    {
        var types = new List<ContainingType>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var keyword = type switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            if (type.IsRefLikeType)
            {
                keyword = "ref " + keyword;
            }

            var typeParameters = type.TypeParameters.Length == 0
                ? string.Empty
                : "<" + string.Join(", ", type.TypeParameters.Select(t => Variance(t) + Naming.Escape(t.Name))) + ">";
            types.Insert(0, new ContainingType(keyword, Naming.Escape(type.Name), typeParameters));
        }

        return types.ToEquatableArray();
    }

    /// <summary>Every partial declaration of an interface or delegate repeats its variance (CS1067 otherwise).</summary>
    private static string Variance(ITypeParameterSymbol typeParameter) => typeParameter.Variance switch
    {
        VarianceKind.In => "in ",
        VarianceKind.Out => "out ",
        _ => string.Empty,
    };

    private static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    /// <summary>
    /// One file per method: namespace, nesting ('+') and generic arity ('`') keep types apart, and overloads
    /// get a stable hash of their parameter list.
    /// </summary>
    private static string HintName(IMethodSymbol method)
    {
        var typeName = string.Empty;
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var name = type.Name + (type.Arity > 0 ? "`" + type.Arity : string.Empty);
            typeName = typeName.Length == 0 ? name : name + "+" + typeName;
        }

        var ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        var hint = ns + typeName + "." + method.Name;
        var overloaded = method.ContainingType!.GetMembers(method.Name).OfType<IMethodSymbol>().Count() > 1;
        if (overloaded)
        {
            var signature = string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolNames.Qualified)));
            hint += "_" + Naming.StableHash(signature);
        }

        if (DiffersOnlyInCase(method))
        {
            // Roslyn compares hint names ignoring case: 'C.F' and 'C.f' would make AddSource throw (CS8785).
            hint += "_" + Naming.StableHash(hint);
        }

        return hint + ".g.cs";
    }

    /// <summary>Whether the method, a containing type or namespace has a sibling whose name differs from its own only in case.</summary>
    private static bool DiffersOnlyInCase(IMethodSymbol method)
    {
        static bool Clash(IEnumerable<ISymbol> siblings, ISymbol self) =>
            siblings.Any(s => s.Name != self.Name && string.Equals(s.Name, self.Name, System.StringComparison.OrdinalIgnoreCase));

        if (Clash(method.ContainingType.GetMembers(), method))
        {
            return true;
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (Clash(type.ContainingType is { } outer ? outer.GetTypeMembers() : type.ContainingNamespace.GetTypeMembers(), type))
            {
                return true;
            }
        }

        for (var ns = method.ContainingNamespace; ns is { IsGlobalNamespace: false, ContainingNamespace: { } parent }; ns = parent)
        {
            if (Clash(parent.GetNamespaceMembers(), ns))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>'in' and 'ref readonly' parameters are read-only values to the body; the generated methods keep the modifier.</summary>
    private static string ReadOnlyModifier(RefKind kind) => kind switch
    {
        RefKind.In => "in ",
        RefKind.RefReadOnlyParameter => "ref readonly ",
        _ => string.Empty,
    };
}
