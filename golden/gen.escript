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
    Bin = term_to_binary(Term, [{minor_version, 2}]),
    [atom_to_list(Name), " ", [io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin], "\n"].
