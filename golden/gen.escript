#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell
%%
%% The golden-bytes oracle: every expected byte in this repository comes from
%% Erlang's own term_to_binary, never from gateway-etf.
%%
%% Usage: escript golden/gen.escript CASES.terms OUT.hex
%%
%% CASES.terms holds Erlang terms read with file:consult (UTF-8; write
%% non-ASCII binaries as <<"é"/utf8>>), one case each, in one of two forms:
%%
%%   {Name, Term}.            Term is a literal term, encoded as written.
%%   {Name, eval, "Expr"}.    Expr is an Erlang expression (a string, no
%%                            trailing dot), evaluated with erl_eval and no
%%                            bindings; for computed terms that a literal
%%                            cannot spell, e.g. lists:seq(1, 65536).
%%
%% OUT.hex gets one line per case: `Name HEX`, where HEX is
%% term_to_binary(Term, [{minor_version, 2}]), the default from OTP 26 on.
%%
%% A case may also be `{Name, Term, Opts}.`: HEX is then
%% term_to_binary(Term, Opts), for encodings other than the default, e.g.
%% `[]` for OTP 25's default (minor_version 1: Latin-1 atoms as ATOM_EXT)
%% or `[{minor_version, 0}]` for the old text floats (FLOAT_EXT).
%%
%% A duplicate Name is an error.
main([In, Out]) ->
    case file:consult(In) of
        {ok, Cases} ->
            Names = [element(1, C) || C <- Cases],
            case Names -- lists:usort(Names) of
                [] -> ok;
                Dups -> fail("~s: duplicate case names ~p~n", [In, lists:usort(Dups)])
            end,
            Lines = [line(C) || C <- Cases],
            Header = io_lib:format("# generated from ~s by golden/gen.escript (OTP ~s); do not edit~n",
                                   [filename:basename(In), erlang:system_info(otp_release)]),
            ok = file:write_file(Out, [Header | Lines]);
        {error, Reason} ->
            fail("~s: ~p~n", [In, Reason])
    end;
main(_) ->
    io:format(standard_error, "usage: gen.escript CASES.terms OUT.hex~n", []),
    halt(2).

line({Name, eval, Expr}) when is_atom(Name), is_list(Expr) ->
    line({Name, eval(Name, Expr)});
line({Name, Term}) when is_atom(Name) ->
    line({Name, Term, [{minor_version, 2}]});
line({Name, Term, Opts}) when is_atom(Name), is_list(Opts) ->
    Bin = term_to_binary(Term, Opts),
    [atom_to_list(Name), " ", [io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin], "\n"];
line(Other) ->
    fail("not a case: ~p~n", [Other]).

eval(Name, Expr) ->
    case erl_scan:string(Expr ++ ".") of
        {ok, Tokens, _} ->
            case erl_parse:parse_exprs(Tokens) of
                {ok, Exprs} ->
                    {value, Value, _} = erl_eval:exprs(Exprs, erl_eval:new_bindings()),
                    Value;
                {error, E} -> fail("~p: cannot parse ~p: ~p~n", [Name, Expr, E])
            end;
        {error, E, _} -> fail("~p: cannot scan ~p: ~p~n", [Name, Expr, E])
    end.

fail(Format, Args) ->
    io:format(standard_error, Format, Args),
    halt(1).
