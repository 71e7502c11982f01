"""Tests for the Pupil Tracker."""
