#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell
%%
%% Erlang reads what gateway_etf::serde wrote (tests/serde/erlang.rs).
%%
%% Usage: escript golden/serde_check.escript EXPECTED OURS.hex
%%
%% EXPECTED holds `{Name, Term}.` cases (file:consult, UTF-8); OURS.hex
%% holds `Name HEX` lines, HEX being the crate's output for that case.
%% Every case must be on both sides, and binary_to_term(HEX) =:= Term.
%% Exit status: 0 when all agree, 1 otherwise (each mismatch printed).
main([Expected, Ours]) ->
    {ok, Cases} = file:consult(Expected),
    {ok, Text} = file:read_file(Ours),
    Lines = [L || L <- binary:split(Text, <<"\n">>, [global]), L =/= <<>>],
    Written = maps:from_list([parse(L) || L <- Lines]),
    Want = maps:from_list(Cases),
    Missing = [N || N <- maps:keys(Want), not maps:is_key(N, Written)]
           ++ [N || N <- maps:keys(Written), not maps:is_key(N, Want)],
    Bad = [{N, maps:get(N, Want), decoded(B)}
           || {N, B} <- maps:to_list(Written), maps:is_key(N, Want),
              decoded(B) =/= {ok, maps:get(N, Want)}],
    [io:format(standard_error, "case on one side only: ~p~n", [N]) || N <- Missing],
    [io:format(standard_error, "~p: expected ~p, Erlang read ~p~n", [N, W, G]) || {N, W, G} <- Bad],
    case {Missing, Bad} of
        {[], []} -> io:format("~p cases agree~n", [length(Cases)]);
        _ -> halt(1)
    end;
main(_) ->
    io:format(standard_error, "usage: serde_check.escript EXPECTED OURS.hex~n", []),
    halt(2).

parse(Line) ->
    [Name, Hex] = binary:split(Line, <<" ">>),
    {binary_to_atom(Name, utf8), binary:decode_hex(Hex)}.

decoded(Bin) ->
    try {ok, binary_to_term(Bin)}
    catch error:E -> {error, E}
    end.
