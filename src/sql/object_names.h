#pragma once

#include <functional>
#include <string>

namespace sundial::sql {

// PostgreSQL's ChooseRelationName for the objects it names itself (serial
// sequences, key constraints): "<first>_<second>_<label>", or
// "<first>_<label>" without a second part, cut to 63 bytes by whole
// characters off the longer part (the second on a tie), then with label1,
// label2, ... while `taken` says the name is in use.
std::string ChooseRelationName(const std::string& first, const std::string& second,
                               const std::string& label,
                               const std::function<bool(const std::string&)>& taken);

}  // namespace sundial::sql
