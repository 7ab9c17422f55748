#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell
%%
%% The golden-bytes oracle: every expected byte in this repository comes from
%% Erlang's own term_to_binary, never from gateway-etf.
%%
%% Usage: escript golden/gen.escript CASES.terms OUT.hex
%%
%% CASES.terms holds Erlang terms `{Name, Term}.` (read with file:consult,
%% UTF-8). OUT.hex gets one line per case: `Name HEX`, where HEX is
%% term_to_binary(Term, [{minor_version, 2}]), the default from OTP 26 on.
%%
%% A case may also be `{Name, Term, Opts}.`: HEX is then
%% term_to_binary(Term, Opts), for encodings other than the default, e.g.
%% `[]` for OTP 25's default (minor_version 1: Latin-1 atoms as ATOM_EXT)
%% or `[{minor_version, 0}]` for the old text floats (FLOAT_EXT).
main([In, Out]) ->
    case file:consult(In) of
        {ok, Cases} ->
            Lines = [line(C) || C <- Cases],
            Header = io_lib:format("# generated from ~s by golden/gen.escript (OTP ~s); do not edit~n",
                                   [filename:basename(In), erlang:system_info(otp_release)]),
            ok = file:write_file(Out, [Header | Lines]);
        {error, Reason} ->
            io:format(standard_error, "~s: ~p~n", [In, Reason]),
            halt(1)
    end;
main(_) ->
    io:format(standard_error, "usage: gen.escript CASES.terms OUT.hex~n", []),
    halt(2).

line({Name, Term}) when is_atom(Name) ->
    line({Name, Term, [{minor_version, 2}]});
line({Name, Term, Opts}) when is_atom(Name), is_list(Opts) ->
    Bin = term_to_binary(Term, Opts),
    [atom_to_list(Name), " ", [io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin], "\n"].
